package learn.redis.grader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Keeps the Simplified Chinese edition in step with the English chapters. Every {@code docs/NN-slug.md} and
 * {@code docs/README.md} has {@code docs/zh-CN/<same name>}, whose first line names the English version it follows by
 * its git blob id ({@code git hash-object docs/01-strings.md}); it has the same {@code ## } sections, the same
 * {@code <details>} blocks and tasks' hint levels, and code blocks byte for byte the English ones (they are checked
 * against the sources, so they are never translated). A translation that follows an older English version is
 * <em>stale</em>: listed, with the {@code git diff} that shows what to bring over, but not a failure.
 */
final class TranslationCheck {

    static final String DIRECTORY = "docs/zh-CN";
    private static final Pattern STAMP = Pattern.compile("<!-- translation of (\\S+) @ git blob ([0-9a-f]{40}) -->");
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");
    private static final Pattern LATIN_WORD = Pattern.compile("\\b[A-Za-z]{2,}\\b");

    private final Path root;
    private final List<String> problems = new ArrayList<>();
    private final List<String> stale = new ArrayList<>();

    TranslationCheck(Path root) {
        this.root = root;
    }

    List<String> problems() {
        return problems;
    }

    List<String> stale() {
        return stale;
    }

    /** Checks every pair; with {@code fix}, a translation's code blocks are copied from the English ones first. */
    TranslationCheck run(boolean fix) {
        Path translations = root.resolve(DIRECTORY);
        for (Path english : englishPages()) {
            Path translation = translations.resolve(english.getFileName());
            if (!Files.isRegularFile(translation)) {
                problems.add(DIRECTORY + "/" + english.getFileName() + ": missing: every chapter has a Simplified"
                        + " Chinese translation (copy docs/" + english.getFileName() + ", translate its prose, and"
                        + " make the first line the stamp labs/README.md describes)");
                continue;
            }
            if (fix) {
                copyCodeBlocks(english, translation);
            }
            compare(english, translation);
        }
        if (Files.isDirectory(translations)) {
            try (Stream<Path> pages = Files.list(translations)) {
                pages.filter(p -> p.toString().endsWith(".md"))
                        .filter(p -> !Files.isRegularFile(root.resolve("docs").resolve(p.getFileName())))
                        .forEach(p -> problems.add(DIRECTORY + "/" + p.getFileName() + ": no English docs/"
                                + p.getFileName() + " to follow"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return this;
    }

    private List<Path> englishPages() {
        try (Stream<Path> pages = Files.list(root.resolve("docs"))) {
            return pages.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.md|README\\.md")).sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void compare(Path englishFile, Path translationFile) {
        String name = DIRECTORY + "/" + translationFile.getFileName();
        String englishName = "docs/" + englishFile.getFileName();
        Chapter english = Chapter.read(englishFile);
        Chapter translation = Chapter.read(translationFile);
        String current = blob(englishFile);
        Matcher stamp = translation.lines().isEmpty() ? null : STAMP.matcher(translation.lines().get(0).text());
        if (stamp == null || !stamp.matches() || !stamp.group(1).equals(englishName)) {
            problems.add(name + ":1: the first line must be <!-- translation of " + englishName + " @ git blob "
                    + current + " --> (the English version it follows: git hash-object " + englishName + ")");
        } else if (!stamp.group(2).equals(current)) {
            stale.add(name + " follows an older " + englishName + ": git diff " + stamp.group(2).substring(0, 10)
                    + " " + current.substring(0, 10) + " shows what changed; bring it over, then put " + current
                    + " in its first line");
        }
        List<String> ours = translation.codeBlocks();
        List<String> theirs = english.codeBlocks();
        if (ours.size() != theirs.size()) {
            problems.add(name + ": " + ours.size() + " code blocks, " + englishName + " has " + theirs.size()
                    + " (code blocks are copied, not translated)");
        } else {
            for (int i = 0; i < ours.size(); i++) {
                if (!ours.get(i).equals(theirs.get(i))) {
                    problems.add(name + ": code block " + (i + 1) + " differs from " + englishName + "'s (it begins "
                            + theirs.get(i).lines().skip(1).findFirst().orElse("") + "); ./mvnw -q -f"
                            + " labs/grader/pom.xml verify -Dgrader.command=fix-docs copies them over");
                }
            }
        }
        if (english.sections() != translation.sections()) {
            problems.add(name + ": " + translation.sections() + " \"## \" sections, " + englishName + " has "
                    + english.sections());
        }
        if (english.detailsBlocks() != translation.detailsBlocks()) {
            problems.add(name + ": " + translation.detailsBlocks() + " <details> blocks, " + englishName + " has "
                    + english.detailsBlocks());
        }
        if (!levels(english).equals(levels(translation))) {
            problems.add(name + ": tasks and hint levels " + levels(translation) + " (\"## 任务 N：\", \"<summary>提示 K："
                    + "\"), " + englishName + " has " + levels(english));
        }
        long han = prose(translation).mapToLong(l -> HAN.matcher(l).results().count()).sum();
        long words = prose(translation).mapToLong(l -> LATIN_WORD.matcher(l).results().count()).sum();
        // A Chinese sentence of ~40 characters keeps a few English names; prose that is still English has few Han.
        if (han < 3 * words) {
            problems.add(name + ": mostly not Chinese yet (" + han + " Han characters, " + words
                    + " English words outside code)");
        }
    }

    private static Map<Integer, List<Integer>> levels(Chapter chapter) {
        return chapter.tasks().values().stream().collect(Collectors.toMap(Chapter.TaskSection::number,
                t -> t.hints().stream().map(Chapter.Hint::level).toList()));
    }

    /** Lines outside code, without inline code, link targets and HTML comments. */
    private static Stream<String> prose(Chapter chapter) {
        return chapter.lines().stream().filter(l -> !l.inFence()).map(l -> l.text()
                .replaceAll("`[^`]*`", "").replaceAll("\\]\\([^)]*\\)", "]").replaceAll("<!--.*?-->", "")
                .replaceAll("<[^>]+>", ""));
    }

    private void copyCodeBlocks(Path englishFile, Path translationFile) {
        List<String> blocks = Chapter.read(englishFile).codeBlocks();
        Chapter translation = Chapter.read(translationFile);
        if (translation.codeBlocks().size() != blocks.size()) {
            return; // not by position: compare() reports the count
        }
        List<String> out = new ArrayList<>();
        int next = 0;
        boolean inside = false;
        for (Chapter.Line line : translation.lines()) {
            if (!line.inFence()) {
                out.add(line.text());
                continue;
            }
            String marker = line.text().strip();
            boolean fence = marker.startsWith("```") || marker.startsWith("~~~");
            if (fence && !inside) {
                out.add(blocks.get(next++));
                inside = true;
            } else if (fence) {
                inside = false;
            }
        }
        GradeCommand.write(translationFile, String.join("\n", out) + "\n");
    }

    /** The id git gives the file's content ({@code git hash-object}), line endings as the repository stores them. */
    static String blob(Path file) {
        try {
            byte[] content = Files.readString(file, StandardCharsets.UTF_8).replace("\r\n", "\n")
                    .getBytes(StandardCharsets.UTF_8);
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha1.digest(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
