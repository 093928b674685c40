package learn.redis.lists;

import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;
import learn.redis.support.RedisServerInfo;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import redis.clients.jedis.Connection;
import redis.clients.jedis.ConnectionFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.DefaultJedisSocketFactory;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.providers.PooledConnectionProvider;
import redis.clients.jedis.util.JedisURIHelper;

/**
 * A Jedis client that counts its round trips and the connections it borrows from its pool. Jedis buffers what it
 * sends and flushes the buffer to the socket right before it waits for replies, so each flush is one trip to the
 * server and back: one per plain command, one per pipeline sync, two per transaction. Every command, pipeline and
 * transaction borrows a connection from the pool first (and waits for one when all are in use).
 */
final class RoundTripCounter implements AutoCloseable {

    private final AtomicLong flushes = new AtomicLong();
    private final AtomicLong borrows = new AtomicLong();
    private final RedisClient client;

    RoundTripCounter(RedisServerInfo server) {
        URI uri = server.uri();
        HostAndPort address = JedisURIHelper.getHostAndPort(uri);
        JedisClientConfig config = DefaultJedisClientConfig.builder()
                .user(JedisURIHelper.getUser(uri))
                .password(JedisURIHelper.getPassword(uri))
                .database(JedisURIHelper.getDBIndex(uri))
                .build();
        ConnectionFactory counting = new ConnectionFactory(address, config) {
            @Override
            public PooledObject<Connection> makeObject() {
                return new DefaultPooledObject<>(new Connection(new DefaultJedisSocketFactory(address, config),
                        config) {
                    @Override
                    protected void flush() {
                        flushes.incrementAndGet();
                        super.flush();
                    }
                });
            }

            @Override
            public void activateObject(PooledObject<Connection> connection) throws Exception {
                // The pool activates a connection each time it hands one out.
                borrows.incrementAndGet();
                super.activateObject(connection);
            }
        };
        client = RedisClient.builder().connectionProvider(new PooledConnectionProvider(counting)).build();
        // Opening a connection costs round trips of its own (HELLO, CLIENT SETINFO): open one before counting.
        client.ping();
        reset();
    }

    /** The client to hand to the code under test. */
    RedisClient client() {
        return client;
    }

    void reset() {
        flushes.set(0);
        borrows.set(0);
    }

    long roundTrips() {
        return flushes.get();
    }

    long connectionsBorrowed() {
        return borrows.get();
    }

    @Override
    public void close() {
        client.close();
    }
}
