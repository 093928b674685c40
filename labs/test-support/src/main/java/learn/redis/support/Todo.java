package learn.redis.support;

/** The starter's {@code UnsupportedOperationException("TODO Task N: ...")}, as tests meet it. */
public final class Todo {

    private Todo() {
    }

    /**
     * Rethrows {@code thrown} if it is a starter's "TODO Task N" exception, else returns it: a test that catches what
     * the code under test throws then reports the TODO, not advice about an exception the learner has not met yet.
     */
    public static Throwable surfacing(Throwable thrown) {
        if (thrown instanceof UnsupportedOperationException todo
                && String.valueOf(todo.getMessage()).startsWith("TODO")) {
            throw todo;
        }
        return thrown;
    }
}
