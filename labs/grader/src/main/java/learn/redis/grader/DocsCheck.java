package learn.redis.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keeps the docs true: every relative link points at a file that exists (and a heading that exists, for
 * {@code #anchors}); every {@code <!-- snippet: path#name -->} block is exactly the code between
 * {@code tag::name[]} and {@code end::name[]} in that source (indentation aside), and solution code is quoted only
 * inside a "Hint 3"; every lab with tests has a chapter whose {@code ## Task N} sections match its {@code @Task}s,
 * each with hints 1, 2, 3... in order; the Simplified Chinese edition follows the English ({@link TranslationCheck}).
 * With {@code fix}, stale snippet blocks are rewritten from the sources, and translations' code blocks from the
 * English ones.
 */
final class DocsCheck {

    private static final Pattern LINK = Pattern.compile("!?\\[[^]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern INLINE_CODE = Pattern.compile("`[^`]*`");
    private static final Pattern SNIPPET = Pattern.compile("<!--\\s*snippet:\\s*([^#\\s]+)#([\\w.-]+)\\s*-->");
    private static final Pattern HINT_3 = Pattern.compile("<details>\\s*<summary>\\s*(?:Hint|提示)\\s*3\\b.*");

    private final Path root;
    private final Map<Path, Chapter> chapters = new HashMap<>();
    private final List<String> problems = new ArrayList<>();
    private final List<String> stale = new ArrayList<>();

    DocsCheck(Path root) {
        this.root = root;
    }

    /** The problems found, one line each; empty when the docs are true. With {@code fix}, snippets are rewritten. */
    List<String> run(boolean fix) {
        for (Path page : pages()) {
            checkLinks(page);
            checkSnippets(page, fix);
        }
        checkChapters();
        TranslationCheck translations = new TranslationCheck(root).run(fix);
        problems.addAll(translations.problems());
        stale.addAll(translations.stale());
        return problems;
    }

    /** Translations that follow an older English chapter (after {@link #run}): to update, not a failure. */
    List<String> stale() {
        return stale;
    }

    private List<Path> pages() {
        List<Path> pages = new ArrayList<>();
        Stream.of("README.md", "labs/README.md").map(root::resolve).filter(Files::isRegularFile).forEach(pages::add);
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> walk = Files.walk(docs)) {
                walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return pages;
    }

    private Chapter chapter(Path page) {
        return chapters.computeIfAbsent(page.normalize(), Chapter::read);
    }

    private String where(Path page, int line) {
        return root.relativize(page).toString().replace('\\', '/') + ":" + line;
    }

    private void checkLinks(Path page) {
        for (Chapter.Line line : chapter(page).lines()) {
            if (line.inFence()) {
                continue;
            }
            Matcher link = LINK.matcher(INLINE_CODE.matcher(line.text()).replaceAll(""));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("[a-zA-Z][a-zA-Z+.-]*:.*")) {
                    continue; // http:, https:, mailto: ... are not checked offline
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? "" : target.substring(hash + 1);
                Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                if (!Files.exists(resolved)) {
                    problems.add(where(page, line.number()) + ": link to a missing file: " + target);
                } else if (!anchor.isEmpty() && resolved.toString().endsWith(".md")
                        && !chapter(resolved).anchors().contains(anchor)) {
                    problems.add(where(page, line.number()) + ": link to a missing section: " + target
                            + " (no heading with that anchor in " + root.relativize(resolved) + ")");
                }
            }
        }
    }

    private void checkSnippets(Path page, boolean fix) {
        List<Chapter.Line> lines = chapter(page).lines();
        List<String> rewritten = new ArrayList<>(lines.stream().map(Chapter.Line::text).toList());
        boolean changed = false;
        for (int i = lines.size() - 1; i >= 0; i--) {
            // Walk backwards so rewriting a block does not shift the lines still to be checked.
            Matcher snippet = SNIPPET.matcher(lines.get(i).text().strip());
            if (lines.get(i).inFence() || !snippet.matches()) {
                continue;
            }
            String path = snippet.group(1);
            String tag = snippet.group(2);
            String at = where(page, lines.get(i).number());
            if (path.startsWith("solutions/") && !insideHint3(lines, i)) {
                problems.add(at + ": " + path + " is solution code; quote it only inside a \"Hint 3\"");
            }
            int open = i + 1;
            while (open < lines.size() && lines.get(open).text().isBlank()) {
                open++;
            }
            if (open >= lines.size() || !lines.get(open).text().strip().startsWith("```")) {
                problems.add(at + ": a snippet marker must be followed by a fenced code block");
                continue;
            }
            int close = open + 1;
            while (close < lines.size() && !lines.get(close).text().strip().startsWith("```")) {
                close++;
            }
            List<String> source;
            try {
                source = tagged(root.resolve(path), tag);
            } catch (UsageException e) {
                problems.add(at + ": " + e.getMessage());
                continue;
            }
            List<String> quoted = dedent(rewritten.subList(open + 1, Math.min(close, lines.size())));
            if (!quoted.equals(source)) {
                if (fix) {
                    String indent = lines.get(open).text().substring(0, lines.get(open).text().indexOf("```"));
                    List<String> block = source.stream().map(s -> s.isEmpty() ? s : indent + s).toList();
                    rewritten.subList(open + 1, Math.min(close, lines.size())).clear();
                    rewritten.addAll(open + 1, block);
                    changed = true;
                } else {
                    problems.add(at + ": the block differs from " + path + "#" + tag + firstDifference(quoted, source)
                            + " (./mvnw -q -f labs/grader/pom.xml verify -Dgrader.command=fix-docs rewrites it)");
                }
            }
        }
        if (changed) {
            GradeCommand.write(page, String.join("\n", rewritten) + "\n");
            chapters.remove(page.normalize());
        }
    }

    private static boolean insideHint3(List<Chapter.Line> lines, int index) {
        for (int i = index; i >= 0; i--) {
            String text = lines.get(i).text().strip();
            if (text.equals("</details>") && i != index) {
                return false;
            }
            if (text.startsWith("<details>")) {
                return HINT_3.matcher(text).matches();
            }
        }
        return false;
    }

    /** The lines between {@code tag::name[]} and {@code end::name[]}, without nested markers, dedented. */
    static List<String> tagged(Path file, String tag) {
        if (!Files.isRegularFile(file)) {
            throw new UsageException("snippet source " + file.getFileName() + " does not exist");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("tag::" + tag + "[]")) {
                start = i;
            } else if (start >= 0 && lines.get(i).contains("end::" + tag + "[]")) {
                List<String> body = lines.subList(start + 1, i).stream()
                        .filter(l -> !l.contains("tag::") && !l.contains("end::")).toList();
                return dedent(body);
            }
        }
        throw new UsageException("no tag::" + tag + "[] ... end::" + tag + "[] pair in " + file.getFileName());
    }

    static List<String> dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing()).toList();
    }

    private static String firstDifference(List<String> quoted, List<String> source) {
        for (int i = 0; i < Math.max(quoted.size(), source.size()); i++) {
            String q = i < quoted.size() ? quoted.get(i) : "(nothing)";
            String s = i < source.size() ? source.get(i) : "(nothing)";
            if (!q.equals(s)) {
                return " at its line " + (i + 1) + ": the chapter has \"" + q + "\", the source \"" + s + "\"";
            }
        }
        return "";
    }

    /** Each lab with tests: a chapter, the same task numbers as its @Task classes, hints 1..n (n >= 3) per task. */
    private void checkChapters() {
        for (Lab lab : Lab.all(root)) {
            Set<Integer> tested = LabRun.declared(lab).stream().map(TaskResult::task)
                    .collect(Collectors.toCollection(TreeSet::new));
            Path page = root.resolve(lab.chapterPath());
            if (tested.isEmpty()) {
                continue;
            }
            if (!Files.isRegularFile(page)) {
                problems.add(lab.chapterPath() + ": missing, and labs/" + lab.slug() + " has tests for tasks "
                        + tested);
                continue;
            }
            Chapter chapter = chapter(page);
            if (!chapter.tasks().keySet().equals(tested)) {
                problems.add(lab.chapterPath() + ": its \"## Task N\" sections are " + chapter.tasks().keySet()
                        + " but the tests of labs/" + lab.slug() + " have @Task " + tested);
            }
            for (Chapter.TaskSection task : chapter.tasks().values()) {
                List<Integer> levels = task.hints().stream().map(Chapter.Hint::level).toList();
                List<Integer> expected = java.util.stream.IntStream.rangeClosed(1, Math.max(3, levels.size()))
                        .boxed().toList();
                if (!levels.equals(expected)) {
                    problems.add(where(page, task.line()) + ": " + task.title() + " has hints " + levels
                            + "; expected " + expected + " in the <details><summary>Hint K: ...</summary> form");
                }
            }
        }
    }
}
