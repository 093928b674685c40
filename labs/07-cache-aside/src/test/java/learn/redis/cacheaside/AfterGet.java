package learn.redis.cacheaside;

import java.net.URI;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.executors.CommandExecutor;

/**
 * A race between two Redis commands on demand, for Jedis: a {@link RedisClient} whose next {@code GET}, once
 * {@link #arm armed}, runs a hook after the reply has arrived and before the caller sends anything else. Whatever
 * the hook writes lands in the gap between "GET" and the caller's next command, as another client's command would
 * in production. Jedis's {@code RedisClient} cannot be subclassed, but its builder takes the executor that every
 * command goes through; this one hands each command to an ordinary client.
 */
final class AfterGet implements CommandExecutor {

    private final RedisClient delegate;
    private final AtomicReference<Runnable> armed = new AtomicReference<>();
    private final AtomicBoolean fired = new AtomicBoolean();

    /** @param delegate runs every command; it stays open when the hooked client is closed */
    AfterGet(RedisClient delegate) {
        this.delegate = delegate;
    }

    /** A client for the code under test whose commands go through this hook; close it after the test. */
    RedisClient client(URI server) {
        return RedisClient.builder().fromURI(server).commandExecutor(this).build();
    }

    /** Runs {@code hook} once, right after the next GET sent through {@link #client} has returned. */
    void arm(Runnable hook) {
        armed.set(hook);
    }

    /** Whether the armed hook ran, that is, whether the code under test sent a GET after it was armed. */
    boolean fired() {
        return fired.get();
    }

    @Override
    public <T> T executeCommand(CommandObject<T> command) {
        T reply = delegate.executeCommand(command);
        if (command.getArguments().getCommand() == Protocol.Command.GET) {
            Runnable hook = armed.getAndSet(null);
            if (hook != null) {
                fired.set(true);
                hook.run();
            }
        }
        return reply;
    }

    @Override
    public void close() {
        // The delegate belongs to the test run, which closes it.
    }
}
