package learn.redis.pipelines;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import redis.clients.jedis.RedisClient;

/** A queue ({@code jobs:<name>}, a list) whose consumer waits inside Redis for the next job. */
public class JobQueue implements AutoCloseable {

    private final RedisClient shared;
    private final URI server;
    private final String key;

    public JobQueue(RedisClient shared, URI server, String name) {
        this.shared = shared;
        this.server = server;
        this.key = "jobs:" + name;
    }

    public void submit(String job) {
        // TODO Task 4: LPUSH the job.
        throw new UnsupportedOperationException("TODO Task 4: push the job (docs/12-pipelines-and-failures.md, Task 4)");
    }

    /** The next job, waiting for one inside Redis (BRPOP) at most {@code timeout}; empty if none came. */
    public Optional<String> take(Duration timeout) {
        // TODO Task 4: BRPOP, on a connection that is not the shared pool's.
        throw new UnsupportedOperationException("TODO Task 4: wait for a job with BRPOP (docs/12-pipelines-and-failures.md, Task 4)");
    }

    @Override
    public void close() {
        // TODO Task 4: close the consumer's connection, if take() opened one.
    }
}
