package learn.redis.writestrategies;

/** One step of a workload: read a product, or set its price. */
public record Operation(Kind kind, long productId, long priceCents) {

    public enum Kind { READ, WRITE }

    public static Operation read(long productId) {
        return new Operation(Kind.READ, productId, 0);
    }

    public static Operation write(long productId, long priceCents) {
        return new Operation(Kind.WRITE, productId, priceCents);
    }

    @Override
    public String toString() {
        return kind == Kind.READ ? "read " + productId : "write " + productId + "=" + priceCents;
    }
}
