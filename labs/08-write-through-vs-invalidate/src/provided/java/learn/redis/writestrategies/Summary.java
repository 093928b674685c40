package learn.redis.writestrategies;

import java.util.List;

/**
 * What one strategy did with one workload (Task 5).
 *
 * @param reads           read operations in the workload
 * @param writes          write operations in the workload
 * @param databaseReads   queries that reached the database for reads ({@link ProductRepository#reads()})
 * @param databaseWrites  updates that reached the database ({@link ProductRepository#writes()})
 * @param staleReads      reads that returned an older version than the workload had already committed
 */
public record Summary(String strategy, int reads, int writes, long databaseReads, long databaseWrites,
        int staleReads) {

    /** The summaries as a Markdown table, as in the chapter. */
    public static String markdownTable(List<Summary> summaries) {
        StringBuilder table = new StringBuilder(
                "| strategy | reads | writes | database reads | database writes | stale reads |\n"
                        + "|---|---:|---:|---:|---:|---:|\n");
        for (Summary s : summaries) {
            table.append("| ").append(s.strategy()).append(" | ").append(s.reads()).append(" | ")
                    .append(s.writes()).append(" | ").append(s.databaseReads()).append(" | ")
                    .append(s.databaseWrites()).append(" | ").append(s.staleReads()).append(" |\n");
        }
        return table.toString();
    }
}
