package learn.redis.support;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code @Nested} test class as the tests of one numbered task of a lab, matching the chapter's
 * "## Task N: ..." section, the starter's "TODO Task N" and the hints for that task.
 *
 * <p>{@link #points()} is what the whole task is worth when grading; each of its tests earns an equal share.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface Task {

    /** The task number, from 1. */
    int value();

    /** What the task is worth in the grade. */
    int points() default 10;
}
