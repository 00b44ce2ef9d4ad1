package io.paratune.bench;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The smallest value a numeric option of a {@link BenchCommand} takes (every entry, for a list); the
 * command refuses a smaller or non-finite value, and a list that names a value twice, as a usage error.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@interface AtLeast {
    /** The smallest value allowed. */
    double value();
}
