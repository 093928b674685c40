package learn.redis.streams;

import redis.clients.jedis.resps.StreamEntry;

/** What a consumer does with one entry. Throwing means "not processed": the entry must stay pending. */
@FunctionalInterface
public interface EntryHandler {

    void handle(StreamEntry entry);
}
