package learn.redis.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Markdown page as the tools need it: its heading anchors (as GitHub makes them), and for a lab's chapter its
 * {@code ## Task N: ...} sections with their hints, in the {@code <details><summary>Hint K: ...</summary>} form of
 * labs/README.md. The hint command and the docs check both read hints from here, so they exist once.
 */
final class Chapter {

    private static final Pattern HEADING = Pattern.compile("(#{1,6})\\s+(.+?)\\s*#*\\s*");
    // The Chinese edition (docs/zh-CN/) writes "## 任务 N：..." and "<summary>提示 K：...</summary>".
    private static final Pattern TASK = Pattern.compile("##\\s+((?:Task|任务)\\s*(\\d+)\\b.*)");
    private static final Pattern HINT = Pattern.compile("<details>\\s*<summary>\\s*(?:Hint|提示)\\s*(\\d+)\\s*[:：]?"
            + "\\s*(.*?)\\s*</summary>\\s*");
    private static final Pattern HTML_ID = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");

    /** One line of the page, with what the tools care about: inside a code fence or not. */
    record Line(int number, String text, boolean inFence) {
    }

    record Hint(int level, String title, String body) {
    }

    record TaskSection(int number, String title, String anchor, int line, List<Hint> hints) {
    }

    private final List<Line> lines;
    private final Set<String> anchors = new LinkedHashSet<>();
    private final Map<Integer, TaskSection> tasks = new TreeMap<>();

    private Chapter(List<String> text) {
        List<Line> parsed = new ArrayList<>();
        boolean fence = false;
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i);
            boolean marker = line.strip().startsWith("```") || line.strip().startsWith("~~~");
            parsed.add(new Line(i + 1, line, fence || marker));
            if (marker) {
                fence = !fence;
            }
        }
        this.lines = List.copyOf(parsed);
        readHeadings();
    }

    static Chapter read(Path file) {
        try {
            return new Chapter(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    static Chapter parse(String text) {
        return new Chapter(text.lines().toList());
    }

    /**
     * GitHub's anchor for a heading: lower case, punctuation dropped, each space a hyphen. The same rule as
     * {@code learn.redis.support.TaskDocs#anchor}, which puts these anchors into failure messages.
     */
    static String anchor(String heading) {
        String plain = heading.replaceAll("`", "").replaceAll("\\[([^]]*)]\\([^)]*\\)", "$1");
        return plain.strip().toLowerCase(Locale.ROOT)
                .replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "")
                .replace(' ', '-');
    }

    List<Line> lines() {
        return lines;
    }

    Set<String> anchors() {
        return anchors;
    }

    Map<Integer, TaskSection> tasks() {
        return tasks;
    }

    /** The fenced code blocks, each with its fence lines, in order. */
    List<String> codeBlocks() {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (Line line : lines) {
            if (!line.inFence()) {
                continue;
            }
            block = block == null ? new StringBuilder() : block.append('\n');
            block.append(line.text());
            String marker = line.text().strip();
            boolean closing = block.indexOf("\n") >= 0 && (marker.startsWith("```") || marker.startsWith("~~~"));
            if (closing) {
                blocks.add(block.toString());
                block = null;
            }
        }
        return blocks;
    }

    /** How many lines outside code start a {@code ## } section, and how many open a {@code <details>} block. */
    int sections() {
        return (int) lines.stream().filter(l -> !l.inFence() && l.text().startsWith("## ")).count();
    }

    int detailsBlocks() {
        return (int) lines.stream().filter(l -> !l.inFence() && l.text().strip().startsWith("<details>")).count();
    }

    private void readHeadings() {
        Map<String, Integer> seen = new HashMap<>();
        TaskSection open = null;
        List<Hint> hints = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            if (line.inFence()) {
                continue;
            }
            Matcher ids = HTML_ID.matcher(line.text());
            while (ids.find()) {
                anchors.add(ids.group(1));
            }
            Matcher heading = HEADING.matcher(line.text());
            if (heading.matches()) {
                String base = anchor(heading.group(2));
                int count = seen.merge(base, 1, Integer::sum);
                String anchor = count == 1 ? base : base + "-" + (count - 1);
                anchors.add(anchor);
                if (heading.group(1).length() <= 2) {
                    closeTask(open, hints);
                    open = null;
                    Matcher task = TASK.matcher(line.text().strip());
                    if (task.matches()) {
                        open = new TaskSection(Integer.parseInt(task.group(2)), task.group(1), anchor,
                                line.number(), List.of());
                        hints = new ArrayList<>();
                    }
                }
                continue;
            }
            Matcher hint = HINT.matcher(line.text().strip());
            if (open != null && hint.matches()) {
                int end = i + 1;
                while (end < lines.size() && !lines.get(end).text().strip().equals("</details>")) {
                    end++;
                }
                StringBuilder body = new StringBuilder();
                lines.subList(i + 1, end).forEach(l -> body.append(l.text()).append('\n'));
                hints.add(new Hint(Integer.parseInt(hint.group(1)), hint.group(2), body.toString().strip()));
                i = end;
            }
        }
        closeTask(open, hints);
    }

    private void closeTask(TaskSection open, List<Hint> hints) {
        if (open != null) {
            tasks.put(open.number(), new TaskSection(open.number(), open.title(), open.anchor(), open.line(),
                    List.copyOf(hints)));
        }
    }
}
