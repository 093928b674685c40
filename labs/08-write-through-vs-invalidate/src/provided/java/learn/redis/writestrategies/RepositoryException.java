package learn.redis.writestrategies;

/** The database refused or lost a statement; whatever the statement changed was rolled back. */
public class RepositoryException extends RuntimeException {

    public RepositoryException(String message) {
        super(message);
    }

    public RepositoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
