package learn.redis.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * Every command the server runs while a test watches ({@code MONITOR}), with where it came from: a client, or a
 * Lua script ({@code [0 lua]}). What {@link RedisStats} cannot tell: whether the PEXPIRE ran inside the script or as
 * a second command after it. Inject it as a parameter; it watches from then until the end of the test.
 */
public final class CommandMonitor implements AutoCloseable {

    /**
     * One command as MONITOR reports it.
     *
     * @param client     who sent it: {@code "127.0.0.1:51234"}, or {@code "lua"} for a command a script ran
     * @param fromScript whether a Lua script ran it
     * @param args       the command and its arguments
     */
    public record Command(String client, boolean fromScript, List<String> args) {

        /** The command's name, lower case ({@code "pexpire"}). */
        public String name() {
            return args.get(0).toLowerCase(Locale.ROOT);
        }

        /** Whether the command's first argument is {@code key} (true for GET key, HSET key ..., PEXPIRE key ...). */
        public boolean isOn(String key) {
            return args.size() > 1 && args.get(1).equals(key);
        }

        @Override
        public String toString() {
            return (fromScript ? "[lua] " : "") + String.join(" ", args);
        }
    }

    private static final String MARKER = "monitor-marker-";

    private final Socket socket;
    private final URI uri;
    private final List<Command> seen = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private CommandMonitor(URI uri) throws IOException {
        this.uri = uri;
        socket = connect(uri);
        OutputStream out = socket.getOutputStream();
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out.write(resp("MONITOR"));
        out.flush();
        String ok = in.readLine();
        if (ok == null || !ok.startsWith("+OK")) {
            throw new IOException("MONITOR was refused: " + ok);
        }
        reader = new Thread(() -> readUntilClosed(in), "redis-monitor");
        reader.setDaemon(true);
        reader.start();
    }

    static CommandMonitor start(URI uri) {
        try {
            return new CommandMonitor(uri);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot MONITOR " + RedisServerInfo.mask(uri.toString()), e);
        }
    }

    /**
     * The commands run since the monitor started, up to now: a marker is sent through another connection and
     * awaited, so nothing the test did before this call is still in flight. The marker is not in the list.
     */
    public List<Command> commands() {
        String marker = MARKER + UUID.randomUUID();
        try (Socket other = connect(uri)) {
            other.getOutputStream().write(resp("ECHO", marker));
            other.getOutputStream().flush();
            other.getInputStream().read(new byte[256]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (seen.stream().noneMatch(c -> c.args().contains(marker))) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("MONITOR did not report the marker within 5 s");
            }
            LockSupport.parkNanos(1_000_000);
        }
        List<Command> commands = new ArrayList<>();
        for (Command command : seen) {
            if (command.args().contains(marker)) {
                break;
            }
            if (!isHandshake(command) && !isMarker(command)) {
                commands.add(command);
            }
        }
        return commands;
    }

    /** The commands the server ran while {@code action} ran (and nothing from before it). */
    public List<Command> during(Runnable action) {
        int before = commands().size();
        action.run();
        List<Command> all = commands();
        return List.copyOf(all.subList(before, all.size()));
    }

    /**
     * The script run that the command at {@code index} of {@code commands} belongs to: the unbroken stretch of
     * script commands around it (MONITOR logs each EVAL/EVALSHA as a client command, so two runs never touch).
     * Just that command when a client sent it.
     */
    public static List<Command> scriptRunAround(List<Command> commands, int index) {
        int from = index;
        while (from > 0 && commands.get(from - 1).fromScript() && commands.get(index).fromScript()) {
            from--;
        }
        int to = index + 1;
        while (to < commands.size() && commands.get(to).fromScript() && commands.get(index).fromScript()) {
            to++;
        }
        return commands.subList(from, to);
    }

    /**
     * Whether the command at {@code index} ran inside a transaction: after a MULTI of the same client and before its
     * EXEC (MONITOR shows MULTI, then the queued commands as EXEC runs them, then EXEC).
     */
    public static boolean insideMultiExec(List<Command> commands, int index) {
        String client = commands.get(index).client();
        for (int i = index - 1; i >= 0; i--) {
            Command earlier = commands.get(i);
            if (!earlier.client().equals(client)) {
                continue;
            }
            if (earlier.name().equals("exec") || earlier.name().equals("discard")) {
                return false;
            }
            if (earlier.name().equals("multi")) {
                return commands.subList(index + 1, commands.size()).stream()
                        .anyMatch(c -> c.client().equals(client) && c.name().equals("exec"));
            }
        }
        return false;
    }

    /** Whether the command at {@code index} ran in one atomic step with others: in a script, or in MULTI/EXEC. */
    public static boolean inAtomicStep(List<Command> commands, int index) {
        return commands.get(index).fromScript() || insideMultiExec(commands, index);
    }

    /** The commands named {@code name} (any case) among {@link #commands()}. */
    public List<Command> commands(String name) {
        return commands().stream().filter(c -> c.name().equalsIgnoreCase(name)).toList();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Closing a socket we only read from: nothing to recover.
        }
    }

    private void readUntilClosed(BufferedReader in) {
        try {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                parse(line).ifPresent(seen::add);
            }
        } catch (IOException closed) {
            // close() ends the monitor by closing its socket.
        }
    }

    /** {@code +1700000000.123456 [0 127.0.0.1:5555] "SET" "k" "v"} or {@code ... [0 lua] "pexpire" ...}. */
    static Optional<Command> parse(String line) {
        int open = line.indexOf('[');
        int close = line.indexOf(']', open);
        if (!line.startsWith("+") || open < 0 || close < 0) {
            return Optional.empty();
        }
        String source = line.substring(open + 1, close);
        String client = source.substring(source.indexOf(' ') + 1);
        boolean lua = client.equals("lua");
        List<String> args = new ArrayList<>();
        StringBuilder current = null;
        for (int i = close + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (current == null) {
                if (c == '"') {
                    current = new StringBuilder();
                }
            } else if (c == '\\' && i + 1 < line.length()) {
                char next = line.charAt(++i);
                if (next == 'x' && i + 2 < line.length()) {
                    current.append((char) Integer.parseInt(line.substring(i + 1, i + 3), 16));
                    i += 2;
                } else {
                    current.append(switch (next) {
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        case 't' -> '\t';
                        default -> next;
                    });
                }
            } else if (c == '"') {
                args.add(current.toString());
                current = null;
            } else {
                current.append(c);
            }
        }
        return args.isEmpty() ? Optional.empty() : Optional.of(new Command(client, lua, List.copyOf(args)));
    }

    private static boolean isMarker(Command command) {
        return command.name().equals("echo") && command.args().size() == 2
                && command.args().get(1).startsWith(MARKER);
    }

    private static boolean isHandshake(Command command) {
        String name = command.name();
        return name.equals("hello") || name.equals("auth") || name.equals("select") || name.equals("client");
    }

    private static Socket connect(URI uri) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 2000);
        String userInfo = uri.getUserInfo();
        if (userInfo != null && userInfo.contains(":")) {
            String user = userInfo.substring(0, userInfo.indexOf(':'));
            String password = userInfo.substring(userInfo.indexOf(':') + 1);
            socket.getOutputStream().write(user.isEmpty() ? resp("AUTH", password) : resp("AUTH", user, password));
            socket.getInputStream().read(new byte[256]);
        }
        return socket;
    }

    private static byte[] resp(String... parts) {
        StringBuilder request = new StringBuilder("*").append(parts.length).append("\r\n");
        for (String part : parts) {
            request.append('$').append(part.getBytes(StandardCharsets.UTF_8).length).append("\r\n").append(part)
                    .append("\r\n");
        }
        return request.toString().getBytes(StandardCharsets.UTF_8);
    }
}
