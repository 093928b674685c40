package learn.redis.hashes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import learn.redis.support.CommandMonitor;
import learn.redis.support.CommandMonitor.Command;
import learn.redis.support.Concurrently;
import learn.redis.support.RedisLab;
import learn.redis.support.RedisStats;
import learn.redis.support.Task;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

@RedisLab
@DisplayName("Lab 02: hashes (user profiles and per-field counters)")
class HashesTest {

    private static final Duration TTL = Duration.ofMinutes(10);
    private static final UserProfile ADA = new UserProfile("42", "Ada Lovelace", "ada@example.com",
            "Writes programs for engines that do not exist yet.");
    private static final UserProfile ADA_WITHOUT_BIO = UserProfile.withoutBio("42", "Ada Lovelace",
            "ada@example.com");
    private static final String ADA_KEY = "profile:42";

    @Nested
    @Task(1)
    @DisplayName("Task 1: store a profile as a hash and read it back")
    class Task1_Profiles {

        @Test
        @DisplayName("a saved profile is one hash with a field per property, written by a single HSET")
        void savesOneHashInOneHset(RedisClient redis, RedisStats stats) {
            ProfileStore store = new ProfileStore(redis, TTL);

            stats.reset();
            store.save(ADA);

            assertThat(redis.type("profile:42"))
                    .as("the profile should be stored under profile:42 as a hash, not as a JSON string")
                    .isEqualTo("hash");
            assertThat(redis.hgetAll("profile:42"))
                    .as("the hash should hold exactly the fields name, email and bio (the id is in the key)")
                    .isEqualTo(Map.of("name", ADA.name(), "email", ADA.email(), "bio", ADA.bio()));
            assertThat(stats.calls("hset"))
                    .as("write all fields with ONE HSET key field value field value ... (jedis: hset(key, map)),"
                            + " not one HSET per field")
                    .isEqualTo(1);
        }

        @Test
        @DisplayName("a saved profile reads back equal to what was saved")
        void roundTrips(RedisClient redis, RedisStats stats) {
            ProfileStore store = new ProfileStore(redis, TTL);

            store.save(ADA);

            stats.reset();
            assertThat(store.find("42"))
                    .as("find(\"42\") should map the hash back to the same UserProfile")
                    .contains(ADA);
            assertThat(stats.applicationCalls())
                    .as("commands sent by find: one HGETALL. An EXISTS first is a second round trip, and the profile"
                            + " can expire between the two: HGETALL's empty map already says \"not cached\"")
                    .isEqualTo(Map.of("hgetall", 1L));
        }

        @Test
        @DisplayName("a profile that is not cached reads as empty, although HGETALL answers an empty map")
        void missingProfileIsAMiss(RedisClient redis) {
            ProfileStore store = new ProfileStore(redis, TTL);
            store.save(ADA);

            assertThat(redis.hgetAll("profile:7"))
                    .as("(a fact about Redis, not your code) HGETALL of a missing key is an empty map, never null")
                    .isEmpty();
            String missIsEmpty = "find on a profile that is not cached must be Optional.empty(): treating the empty"
                    + " map as a hit turns every miss into a broken profile";
            Optional<UserProfile> found;
            try {
                found = store.find("7");
            } catch (UnsupportedOperationException todo) {
                throw todo;
            } catch (RuntimeException e) {
                // The usual cause: `hash == null` never holds, so UserProfile's constructor meets a null name.
                throw new AssertionError(missIsEmpty + " (find built a profile from an empty hash)", e);
            }
            assertThat(found).as(missIsEmpty).isEmpty();
        }

        @Test
        @DisplayName("a profile without a bio has no bio field and reads back with a null bio")
        void absentOptionalFieldIsNoField(RedisClient redis) {
            ProfileStore store = new ProfileStore(redis, TTL);

            store.save(ADA_WITHOUT_BIO);

            assertThat(redis.hexists("profile:42", "bio"))
                    .as("a missing bio must be a missing field, not the string \"null\" or \"\"")
                    .isFalse();
            assertThat(store.find("42"))
                    .as("a cached profile with no optional fields is still a hit, with bio == null")
                    .contains(ADA_WITHOUT_BIO);
        }

        @Test
        @DisplayName("saving again replaces the profile: a bio removed since the last save is gone")
        void saveReplaces(RedisClient redis) {
            ProfileStore store = new ProfileStore(redis, TTL);
            store.save(ADA);

            store.save(ADA_WITHOUT_BIO);

            assertThat(store.find("42"))
                    .as("HSET merges fields into the existing hash, so the old bio survives unless the old"
                            + " hash is deleted first (DEL and HSET together, e.g. in MULTI/EXEC)")
                    .contains(ADA_WITHOUT_BIO);
        }

        @Test
        @DisplayName("save sends its DEL, HSET and PEXPIRE as one step: inside MULTI/EXEC or a Lua script")
        void saveIsOneStep(RedisClient redis, CommandMonitor monitor) {
            ProfileStore store = new ProfileStore(redis, TTL);
            store.save(ADA);

            List<Command> commands = monitor.during(() -> store.save(ADA_WITHOUT_BIO));

            assertThat(redis.type(ADA_KEY)).as("TYPE of %s after save (MONITOR saw %s): the profile belongs in a"
                    + " hash, one field per property (HSET), not in a JSON string (SET)", ADA_KEY, commands)
                    .isEqualTo("hash");
            int clear = indexOfCommandOn(commands, ADA_KEY, "del", "unlink", "hdel");
            int write = indexOfCommandOn(commands, ADA_KEY, "hset", "hmset");
            int expire = indexOfCommandOn(commands, ADA_KEY, "pexpire", "expire", "pexpireat", "expireat");
            assertThat(clear)
                    .as("saving over a cached profile: MONITOR saw no DEL of %s among %s. HSET merges, so the old"
                            + " fields must be deleted first", ADA_KEY, commands)
                    .isNotNegative();
            assertThat(write).as("MONITOR saw no HSET of %s among %s", ADA_KEY, commands).isNotNegative();
            assertThat(expire).as("MONITOR saw no PEXPIRE of %s among %s", ADA_KEY, commands).isNotNegative();
            int step = stepOf(commands, clear);
            assertThat(List.of(step, stepOf(commands, write), stepOf(commands, expire)))
                    .as("DEL, HSET and PEXPIRE must run as one step (MULTI/EXEC or a script); MONITOR saw %s."
                            + " Sent one by one (or in a plain pipeline), a reader between DEL and HSET finds no"
                            + " profile, and a crash before PEXPIRE leaves a profile that never expires", commands)
                    .containsOnly(step);
        }

        @Test
        @DisplayName("every save gives the profile the store's TTL")
        void saveSetsTtl(RedisClient redis) {
            ProfileStore store = new ProfileStore(redis, TTL);

            store.save(ADA);
            long pttl = redis.pttl("profile:42");

            assertThat(pttl)
                    .as("PTTL profile:42 should be positive and at most %d ms; -1 means no TTL: did you PEXPIRE"
                            + " the key after writing it?", TTL.toMillis())
                    .isPositive()
                    .isLessThanOrEqualTo(TTL.toMillis());
        }

        @Test
        @DisplayName("a TTL that is not whole seconds, or under one second, is kept to the ms; none below 1 ms")
        void saveKeepsMillisecondTtls(RedisClient redis) {
            Duration odd = Duration.ofMillis(60_950);
            Duration subSecond = Duration.ofMillis(990);

            new ProfileStore(redis, odd).save(ADA);
            long oddPttl = redis.pttl(ADA_KEY);
            new ProfileStore(redis, subSecond).save(new UserProfile("43", "Grace Hopper", "grace@example.com", null));
            long subSecondPttl = redis.pttl("profile:43");

            assertThat(oddPttl).as("PTTL %s in ms after save with a store TTL of 60 950 ms: 60 000 or less means"
                    + " the TTL went out in whole seconds (EXPIRE ttl.toSeconds()), which drops the 950 ms. PEXPIRE"
                    + " takes milliseconds", ADA_KEY).isBetween(60_001L, odd.toMillis());
            assertThat(subSecondPttl).as("PTTL profile:43 in ms after save with a store TTL of 990 ms: -2 means the"
                    + " profile is gone at once, since 990 ms in whole seconds is EXPIRE 0, which deletes the key;"
                    + " 1000 means a rounded-up EXPIRE 1. Use PEXPIRE ttl.toMillis()")
                    .isBetween(1L, subSecond.toMillis());
            for (Duration bad : List.of(Duration.ZERO, Duration.ofSeconds(-5), Duration.ofNanos(500_000))) {
                assertThat(catchThrowable(() -> new ProfileStore(redis, bad)))
                        .as("new ProfileStore(redis, %s) should throw IllegalArgumentException: PEXPIRE 0 (or less)"
                                + " deletes the profile the moment it is saved, and 0.5 ms is 0 whole ms", bad)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Nested
    @Task(2)
    @DisplayName("Task 2: read and change single fields")
    class Task2_Fields {

        @Test
        @DisplayName("fields() reads only the asked fields with one HMGET and leaves out absent ones")
        void readsFieldsWithHmget(RedisClient redis, RedisStats stats) {
            ProfileStore store = new ProfileStore(redis, TTL);
            store.save(ADA_WITHOUT_BIO);

            stats.reset();
            Map<String, String> fields = store.fields("42", "name", "bio");

            assertThat(fields)
                    .as("name is there, bio is not: HMGET answers null for a missing field; leave it out")
                    .isEqualTo(Map.of("name", ADA.name()));
            assertThat(stats.calls("hmget"))
                    .as("read the fields with one HMGET")
                    .isEqualTo(1);
            assertThat(stats.calls("hgetall"))
                    .as("do not fetch the whole hash with HGETALL to use two fields of it")
                    .isZero();
            assertThat(catchThrowable(() -> store.fields("42")))
                    .as("fields(\"42\") with no field names should throw IllegalArgumentException: HMGET needs at"
                            + " least one field, and the server's error says nothing about the caller's mistake")
                    .isInstanceOf(IllegalArgumentException.class);
        }

        @Test
        @DisplayName("changing the email keeps the other fields and the key's remaining TTL")
        void changeEmailKeepsTtl(RedisClient redis) {
            ProfileStore store = new ProfileStore(redis, TTL);
            store.save(ADA);
            // A remaining lifetime the store would never set by itself, so a reset TTL shows up.
            redis.pexpire("profile:42", 5_000);

            boolean changed = store.changeEmail("42", "ada@analytical.engine");

            assertThat(changed).as("changeEmail on a cached profile should report true").isTrue();
            assertThat(store.find("42"))
                    .as("only the email should change")
                    .contains(new UserProfile("42", ADA.name(), "ada@analytical.engine", ADA.bio()));
            assertThat(redis.pttl("profile:42"))
                    .as("HSET on a field keeps the key's TTL: expected at most the 5000 ms left, not -1 (TTL lost"
                            + " by DEL + HSET) and not %d (TTL restarted by a full save)", TTL.toMillis())
                    .isPositive()
                    .isLessThanOrEqualTo(5_000);
        }

        @Test
        @DisplayName("changing the email of a profile that is not cached writes nothing")
        void changeEmailOfMissingProfile(RedisClient redis) {
            ProfileStore store = new ProfileStore(redis, TTL);

            boolean changed = store.changeEmail("7", "who@example.com");

            assertThat(changed).as("changeEmail should report false: profile 7 is not cached").isFalse();
            for (String bad : new String[] {"", "  ", null}) {
                assertThat(catchThrowable(() -> store.changeEmail("7", bad)))
                        .as("changeEmail(\"7\", %s) should throw IllegalArgumentException: a profile needs an email",
                                bad == null ? "null" : "\"" + bad + "\"")
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(redis.exists("profile:7"))
                    .as("a plain HSET creates profile:7 holding only an email, with no TTL: a broken profile"
                            + " that never expires. Check that the key exists in the same step as the write")
                    .isFalse();
        }

        @Test
        @DisplayName("changeEmail checks that the profile exists and writes the email inside one Lua script")
        void changeEmailChecksInAScript(RedisClient redis, CommandMonitor monitor) {
            ProfileStore store = new ProfileStore(redis, TTL);
            store.save(ADA);

            List<Command> commands = monitor.during(() -> store.changeEmail("42", "ada@analytical.engine"));

            List<Command> emailWrites = commands.stream()
                    .filter(c -> c.isOn(ADA_KEY) && isHashWrite(c) && c.args().contains("email"))
                    .toList();
            assertThat(emailWrites)
                    .as("HSET of %s email during changeEmail (MONITOR saw %s): exactly one", ADA_KEY, commands)
                    .hasSize(1);
            Command emailWrite = emailWrites.get(0);
            assertThat(emailWrite.fromScript())
                    .as("did the HSET of the email run inside a Lua script? MONITOR saw %s (no [lua] in front:"
                            + " sent by the client). HSET has no \"only if the key exists\" option, and a check"
                            + " in Java (EXISTS, then HSET) leaves a gap in which the profile can expire; the HSET"
                            + " then creates a hash holding only an email, with no TTL. MULTI/EXEC cannot close the"
                            + " gap: its commands are queued and all run at EXEC, so EXISTS's answer arrives after"
                            + " the HSET already ran. Only a script can check and decide in one step:"
                            + " redis.eval(script, List.of(key), List.of(email))", emailWrite)
                    .isTrue();
            List<Command> script = CommandMonitor.scriptRunAround(commands, commands.indexOf(emailWrite));
            assertThat(script.subList(0, script.indexOf(emailWrite)))
                    .as("the script's commands before its HSET: one must check that %s exists (EXISTS). A script"
                            + " that writes without checking creates the broken profile it should prevent", ADA_KEY)
                    .anyMatch(c -> c.isOn(ADA_KEY) && !isHashWrite(c));
        }

        @Test
        @DisplayName("removeBio deletes just the bio field, and hasBio sees it gone")
        void removeBioWithHdel(RedisClient redis, RedisStats stats) {
            ProfileStore store = new ProfileStore(redis, TTL);
            store.save(ADA);

            assertThat(store.hasBio("42")).as("hasBio before removing: HEXISTS profile:42 bio is 1").isTrue();
            stats.reset();
            assertThat(store.removeBio("42")).as("removeBio should report that there was a bio").isTrue();
            assertThat(stats.applicationCalls())
                    .as("commands sent by removeBio: one HDEL, whose reply (1 or 0) says whether there was a bio."
                            + " HEXISTS first is a check in Java before the write: a second round trip, and a race")
                    .isEqualTo(Map.of("hdel", 1L));
            assertThat(store.hasBio("42")).as("hasBio after removing the bio").isFalse();
            assertThat(store.removeBio("42")).as("removing it again: HDEL answers 0, so report false").isFalse();
            assertThat(store.find("42"))
                    .as("the other fields stay: delete the field with HDEL, not the whole key")
                    .contains(ADA_WITHOUT_BIO);
        }
    }

    @Nested
    @Task(3)
    @DisplayName("Task 3: per-field counters with HINCRBY")
    class Task3_Counters {

        @Test
        @DisplayName("a user who did nothing yet has every counter at zero")
        void missingCountersReadZero(RedisClient redis) {
            UserActivity activity = new UserActivity(redis);

            assertThat(activity.counts("nobody"))
                    .as("counts of a user with no activity hash: every Counter present, each 0")
                    .isEqualTo(Map.of(Counter.LIKES, 0L, Counter.POSTS, 0L, Counter.FOLLOWERS, 0L));
        }

        @Test
        @DisplayName("increment returns the new value, kept as a field of activity:<user>")
        void incrementsFields(RedisClient redis, RedisStats stats) {
            UserActivity activity = new UserActivity(redis);

            activity.increment("ada", Counter.LIKES);
            long likes = activity.increment("ada", Counter.LIKES);
            activity.increment("ada", Counter.POSTS);

            assertThat(likes).as("the second like should return 2").isEqualTo(2);
            assertThat(redis.hgetAll("activity:ada"))
                    .as("the counters should be the fields likes and posts of the hash activity:ada")
                    .isEqualTo(Map.of("likes", "2", "posts", "1"));
            stats.reset();
            assertThat(activity.counts("ada"))
                    .as("counts should read every counter, 0 for followers")
                    .isEqualTo(Map.of(Counter.LIKES, 2L, Counter.POSTS, 1L, Counter.FOLLOWERS, 0L));
            assertThat(stats.calls("hmget") + stats.calls("hgetall"))
                    .as("read all counters with one command (HMGET or HGETALL), not one HGET per counter")
                    .isEqualTo(1);
        }

        @Test
        @DisplayName("counters go past Integer.MAX_VALUE, and first-seen in the same hash is not a counter")
        void countersPastIntegerMaxValue(RedisClient redis) {
            UserActivity activity = new UserActivity(redis);
            redis.hset("activity:star", "followers", Long.toString(Integer.MAX_VALUE));
            activity.markFirstSeen("star", Instant.parse("2030-01-01T00:00:00Z"));

            assertThat(activity.increment("star", Counter.FOLLOWERS))
                    .as("increment of a counter at Integer.MAX_VALUE: HINCRBY counts in 64 bits")
                    .isEqualTo(Integer.MAX_VALUE + 1L);
            Map<Counter, Long> counts;
            try {
                counts = activity.counts("star");
            } catch (UnsupportedOperationException todo) {
                throw todo;
            } catch (RuntimeException e) {
                throw new AssertionError("counts(\"star\") threw " + e + ". Integer.parseInt cannot read a count"
                        + " past 2 147 483 647 (use Long.parseLong), and the hash also holds first-seen, which is"
                        + " not a counter: read only the counters' fields (HMGET)", e);
            }
            assertThat(counts).as("counts of a user with 2 147 483 648 followers")
                    .isEqualTo(Map.of(Counter.LIKES, 0L, Counter.POSTS, 0L, Counter.FOLLOWERS, Integer.MAX_VALUE + 1L));
        }

        @Test
        @DisplayName("concurrent increments lose nothing, where a JSON read-modify-write loses one")
        void concurrentIncrementsAreAtomic(RedisClient redis, RedisStats stats) throws Exception {
            // First the counter-example, forced deterministically: increment A reads the JSON, then waits while
            // increment B runs from start to end; A then writes its stale copy over B's.
            CountDownLatch aHasRead = new CountDownLatch(1);
            CountDownLatch bIsDone = new CountDownLatch(1);
            AtomicBoolean first = new AtomicBoolean(true);
            JsonStringCounters json = new JsonStringCounters(redis, () -> {
                if (first.getAndSet(false)) {
                    aHasRead.countDown();
                    awaitLatch(bIsDone);
                }
            });
            CompletableFuture<Long> a = CompletableFuture.supplyAsync(() -> json.increment("ada", Counter.LIKES));
            awaitLatch(aHasRead);
            json.increment("ada", Counter.LIKES);
            bIsDone.countDown();
            a.get(5, TimeUnit.SECONDS);
            assertThat(json.get("ada", Counter.LIKES))
                    .as("(the counter-example) two JSON increments that overlap count once")
                    .isEqualTo(1);

            // Now the hash counters, with 8 threads released together.
            UserActivity activity = new UserActivity(redis);
            stats.reset();
            Concurrently.run(8, () -> {
                for (int i = 0; i < 50; i++) {
                    activity.increment("grace", Counter.LIKES);
                }
            });

            long hincrbys = stats.calls("hincrby");
            long readsAndWrites = stats.calls("hget") + stats.calls("hset") + stats.calls("get")
                    + stats.calls("set");

            assertThat(readsAndWrites)
                    .as("HGET/HSET/GET/SET calls around the increments: reading, adding in Java and writing back"
                            + " is the lost update shown above, and an HGET after the HINCRBY may already see another"
                            + " thread's increment. HINCRBY's reply is the new value")
                    .isZero();
            assertThat(redis.hget("activity:grace", "likes"))
                    .as("8 threads x 50 increments: every one must count")
                    .isEqualTo("400");
            assertThat(hincrbys)
                    .as("each increment should be exactly one HINCRBY")
                    .isEqualTo(400);
        }
    }

    @Nested
    @Task(4)
    @DisplayName("Task 4: set-once fields with HSETNX, and walking a large hash with HSCAN")
    class Task4_SetOnceAndScan {

        @Test
        @DisplayName("of 8 threads recording first-seen at once, exactly one wins and its time is kept")
        void firstSeenIsSetOnce(RedisClient redis, RedisStats stats) {
            UserActivity activity = new UserActivity(redis);
            // Milliseconds in every instant: stored as whole seconds, the winner's time would not read back.
            Instant start = Instant.parse("2030-01-01T00:00:00.250Z");
            AtomicInteger thread = new AtomicInteger();

            stats.reset();
            List<Instant> winners = Concurrently.run(8, () -> {
                Instant mine = start.plusSeconds(thread.getAndIncrement());
                return activity.markFirstSeen("ada", mine) ? mine : null;
            }).stream().filter(Objects::nonNull).toList();
            long hsetnxs = stats.calls("hsetnx");
            long checksAndWrites = stats.calls("hexists") + stats.calls("hget") + stats.calls("hset");

            // Whether a check-then-write loses the race depends on thread timing; the commands it sent do not.
            assertThat(checksAndWrites)
                    .as("HEXISTS/HGET then HSET is a check in Java followed by a write: two threads can both see"
                            + " \"absent\" and both write (it passes a race only when the timing is kind). Let"
                            + " HSETNX decide on the server")
                    .isZero();
            assertThat(hsetnxs)
                    .as("8 calls of markFirstSeen: each should be exactly one HSETNX")
                    .isEqualTo(8);
            assertThat(winners)
                    .as("exactly one markFirstSeen should return true: HSETNX writes only when the field is"
                            + " absent; HEXISTS then HSET lets several threads through")
                    .hasSize(1);
            assertThat(activity.firstSeen("ada"))
                    .as("firstSeen should be the winner's time to the millisecond (store toEpochMilli()), never"
                            + " overwritten by a later call")
                    .contains(winners.get(0));
            assertThat(activity.markFirstSeen("ada", start.plusSeconds(3600)))
                    .as("a later markFirstSeen should report false")
                    .isFalse();
            assertThat(activity.firstSeen("nobody")).as("firstSeen of an unknown user").isEmpty();
        }

        @Test
        @DisplayName("idleSince finds every idle user of a large hash by walking it with HSCAN, not HGETALL")
        void idleSinceWalksWithHscan(RedisClient redis, RedisStats stats) {
            LastSeenIndex index = new LastSeenIndex(redis);
            // Milliseconds in the cutoff: stored as whole seconds, a user seen just after it would read as idle.
            Instant cutoff = Instant.parse("2030-01-01T00:00:00.500Z");
            Map<String, String> active = new HashMap<>();
            for (int i = 0; i < 3_000; i++) {
                active.put("user:" + i, Long.toString(cutoff.plusSeconds(i).toEpochMilli()));
            }
            redis.hset("last-seen", active);
            index.touch("user:idle-a", cutoff.minusSeconds(1));
            index.touch("user:idle-b", cutoff.minusSeconds(86_400));
            index.touch("user:1500", cutoff.minusMillis(1));
            index.touch("user:just-in", cutoff.plusMillis(100));
            // Fewer digits than the others: compared as strings, "5000" sorts after "1893456000000".
            index.touch("user:ancient", Instant.parse("1970-01-01T00:00:05Z"));

            stats.reset();
            List<String> idle = index.idleSince(cutoff);

            assertThat(redis.hget("last-seen", "user:idle-a"))
                    .as("touch should store the epoch milliseconds (toEpochMilli()) as the user's field of"
                            + " last-seen: in whole seconds, a user seen 100 ms after the cutoff reads as idle")
                    .isEqualTo(Long.toString(cutoff.minusSeconds(1).toEpochMilli()));
            assertThat(idle)
                    .as("the users last seen before the cutoff, sorted: did the walk stop before the cursor"
                            + " came back as \"0\"? Missing user:ancient (seen at 5000 ms)? Compare the times as"
                            + " numbers (Long.parseLong), not as strings")
                    .containsExactly("user:1500", "user:ancient", "user:idle-a", "user:idle-b");
            assertThat(stats.calls("hgetall") + stats.calls("hkeys") + stats.calls("hvals"))
                    .as("HGETALL/HKEYS/HVALS on a hash of millions of fields blocks Redis while it builds the reply")
                    .isZero();
            assertThat(stats.calls("hscan"))
                    .as("walk the 3004 fields in pages: several HSCAN calls, each with a modest COUNT")
                    .isGreaterThan(1);
        }

        @Test
        @DisplayName("idleSince of an empty index is an empty list")
        void idleSinceOfEmptyIndex(RedisClient redis) {
            LastSeenIndex index = new LastSeenIndex(redis);

            assertThat(index.idleSince(Instant.parse("2030-01-01T00:00:00Z")))
                    .as("no last-seen hash: nobody is idle")
                    .isEmpty();
        }
    }


    private static boolean isHashWrite(Command command) {
        return command.name().equals("hset") || command.name().equals("hmset");
    }

    /** Where the first command named one of {@code names} on {@code key} is in {@code commands}, or -1. */
    private static int indexOfCommandOn(List<Command> commands, String key, String... names) {
        Set<String> wanted = Set.of(names);
        for (int i = 0; i < commands.size(); i++) {
            if (wanted.contains(commands.get(i).name()) && commands.get(i).isOn(key)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Which atomic step ran {@code commands.get(index)}, as the index of what started it: the EVAL/EVALSHA whose
     * script ran it, the MULTI that queued it, or the command itself when it was sent on its own. MONITOR shows a
     * transaction as MULTI, its commands, EXEC (they are reported when EXEC runs them), and a script's commands,
     * marked [lua], right after the EVAL.
     */
    private static int stepOf(List<Command> commands, int index) {
        boolean fromScript = commands.get(index).fromScript();
        for (int i = index - 1; i >= 0; i--) {
            Command earlier = commands.get(i);
            if (fromScript) {
                if (!earlier.fromScript()) {
                    return i;
                }
            } else if (earlier.name().equals("multi")) {
                return i;
            } else if (earlier.name().equals("exec") || earlier.name().equals("discard")) {
                return index;
            }
        }
        return index;
    }


    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertThat(latch.await(5, TimeUnit.SECONDS)).as("a test step did not happen within 5 s").isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
