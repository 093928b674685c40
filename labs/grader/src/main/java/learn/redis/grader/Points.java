package learn.redis.grader;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Points are shares of a task, so they can be fractional: kept to two decimals, printed without trailing zeros. */
final class Points {

    private Points() {
    }

    static double round(double points) {
        return BigDecimal.valueOf(points).setScale(2, RoundingMode.HALF_UP).doubleValue();
    }

    static String format(double points) {
        return BigDecimal.valueOf(round(points)).stripTrailingZeros().toPlainString();
    }
}
