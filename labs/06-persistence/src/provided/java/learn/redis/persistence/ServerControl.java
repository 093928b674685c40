package learn.redis.persistence;

import java.net.URI;

/** A Redis server you own and may stop and start: the lab's tests hand you one for the crash drill. */
// tag::servercontrol[]
public interface ServerControl {

    /** Where the server listens; the same before and after a restart. */
    URI uri();

    /** Kills the process outright (SIGKILL): whatever is not on disk yet is gone, as in a real crash. */
    void crash();

    /** {@code SHUTDOWN}: a polite stop, which writes a final snapshot when save points are configured. */
    void shutdownGracefully();

    /** Starts the stopped server again with the same directory and config file, and waits until it answers. */
    void start();
}
// end::servercontrol[]
