package learn.redis.sessions;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The lab's web application, on the JDK's own HTTP server: the part you do not write. It keeps no state of its own;
 * everything about a session is in Redis, through your {@link SessionStore} and {@link SessionCookies}.
 *
 * <ul>
 *   <li>{@code POST /login} (form fields {@code user}, {@code password}): 200 and a session cookie, or 401;</li>
 *   <li>{@code GET /profile}: 200 with the session's user, or 401 without a live session;</li>
 *   <li>{@code POST /logout}: 204, ends the session on the server and tells the browser to drop the cookie;</li>
 *   <li>{@code POST /logout-everywhere}: 200, ends every session of the logged-in user, or 401.</li>
 * </ul>
 * Every 401 says as little as possible: an attacker learns nothing from which check failed.
 */
public final class SessionServer implements AutoCloseable {

    private static final int MAX_FORM_BYTES = 4096;

    private final HttpServer http;
    private final ExecutorService workers;
    private final SessionStore store;
    private final UserDirectory users;

    private SessionServer(HttpServer http, ExecutorService workers, SessionStore store, UserDirectory users) {
        this.http = http;
        this.workers = workers;
        this.store = store;
        this.users = users;
    }

    /** Starts the application on a free port of 127.0.0.1. */
    public static SessionServer start(SessionStore store, UserDirectory users) {
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open a port for the session server", e);
        }
        ExecutorService workers = Executors.newFixedThreadPool(4);
        SessionServer server = new SessionServer(http, workers, store, users);
        http.setExecutor(workers);
        http.createContext("/login", exchange -> server.handle(exchange, "POST", server::login));
        http.createContext("/profile", exchange -> server.handle(exchange, "GET", server::profile));
        http.createContext("/logout", exchange -> server.handle(exchange, "POST", server::logout));
        http.createContext("/logout-everywhere",
                exchange -> server.handle(exchange, "POST", server::logoutEverywhere));
        http.start();
        return server;
    }

    /** Where the application listens, e.g. {@code http://127.0.0.1:51234/}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/");
    }

    @Override
    public void close() {
        http.stop(0);
        workers.shutdownNow();
    }

    private Reply login(HttpExchange exchange) {
        Map<String, String> form = form(exchange);
        String userId = form.get("user");
        if (!users.authenticate(userId, form.get("password"))) {
            return new Reply(401, "wrong user name or password", null);
        }
        // The cookie the browser already had, if any: the store must never keep it (session fixation).
        String presented = presentedToken(exchange).orElse(null);
        String userAgent = Optional.ofNullable(exchange.getRequestHeaders().getFirst("User-Agent")).orElse("");
        Session session = store.login(userId, Map.of("userAgent", userAgent), presented);
        return new Reply(200, "logged in as " + session.userId(), SessionCookies.issue(session.token()));
    }

    private Reply profile(HttpExchange exchange) {
        return currentSession(exchange)
                .map(session -> new Reply(200, "user=" + session.userId() + "\ncreated=" + session.createdAt()
                        + "\nlastSeen=" + session.lastSeenAt() + "\n", null))
                .orElseGet(SessionServer::notLoggedIn);
    }

    private Reply logout(HttpExchange exchange) {
        presentedToken(exchange).ifPresent(store::logout);
        return new Reply(204, "", SessionCookies.clear());
    }

    private Reply logoutEverywhere(HttpExchange exchange) {
        return currentSession(exchange)
                .map(session -> new Reply(200, "ended " + store.logoutEverywhere(session.userId()) + " sessions\n",
                        SessionCookies.clear()))
                .orElseGet(SessionServer::notLoggedIn);
    }

    private Optional<Session> currentSession(HttpExchange exchange) {
        return presentedToken(exchange).flatMap(store::find);
    }

    private static Optional<String> presentedToken(HttpExchange exchange) {
        return SessionCookies.tokenFrom(exchange.getRequestHeaders().getOrDefault("Cookie", List.of()));
    }

    private static Reply notLoggedIn() {
        return new Reply(401, "not logged in", null);
    }

    private void handle(HttpExchange exchange, String method, Handler handler) throws IOException {
        try {
            Reply reply;
            if (!exchange.getRequestMethod().equals(method)) {
                exchange.getResponseHeaders().set("Allow", method);
                reply = new Reply(405, "use " + method, null);
            } else {
                reply = answer(exchange, handler);
            }
            send(exchange, reply);
        } finally {
            exchange.close();
        }
    }

    private static Reply answer(HttpExchange exchange, Handler handler) {
        try {
            return handler.handle(exchange);
        } catch (RuntimeException e) {
            // Shown to the lab's tests so that a "TODO Task N" or a bug in the store is visible in their messages.
            // A production server logs this and answers a bare 500.
            return new Reply(500, "server error: " + e, null);
        }
    }

    private static void send(HttpExchange exchange, Reply reply) throws IOException {
        if (reply.setCookie() != null) {
            exchange.getResponseHeaders().add("Set-Cookie", reply.setCookie());
        }
        // Pages that depend on the session must not be kept by shared caches or the browser's back button.
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        if (body.length == 0) {
            exchange.sendResponseHeaders(reply.status(), -1);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(reply.status(), body.length);
        exchange.getResponseBody().write(body);
    }

    private static Map<String, String> form(HttpExchange exchange) {
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readNBytes(MAX_FORM_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                fields.putIfAbsent(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    @FunctionalInterface
    private interface Handler {
        Reply handle(HttpExchange exchange);
    }

    private record Reply(int status, String body, String setCookie) {
    }
}
