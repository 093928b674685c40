package learn.redis.grader;

/** A request the tools cannot serve (an unknown lab, a task without hints): the message says what to type instead. */
final class UsageException extends RuntimeException {

    UsageException(String message) {
        super(message);
    }
}
