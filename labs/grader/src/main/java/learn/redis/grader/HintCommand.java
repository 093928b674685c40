package learn.redis.grader;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code ./mvnw -q -Phint -Dlab=01 -Dtask=2 [-Dlevel=2] [-Dlang=zh-CN]}: one hint at a time, read from the lab's
 * chapter (the Simplified Chinese one with {@code zh-CN}). Without a task it lists the tasks; without a level it shows
 * the first hint. It keeps no state: the next level is asked for.
 */
final class HintCommand {

    private final Path root;
    private final PrintStream out;
    private final Language language;

    HintCommand(Path root, PrintStream out, Language language) {
        this.root = root;
        this.out = out;
        this.language = language;
    }

    void run(String labName, String taskText, String levelText) {
        if (labName.isBlank()) {
            throw new UsageException("Which lab? For example: ./mvnw -q -Phint -Dlab=01 -Dtask=1");
        }
        Lab lab = Lab.find(root, labName);
        Chapter chapter = chapter(lab);
        if (taskText.isBlank()) {
            out.println(language.say("Lab " + lab.slug() + ": which task? The tasks (",
                    "实验 " + lab.slug() + "：哪个任务？任务列表（") + language.chapterPath(lab)
                    + language.say("):", "）："));
            chapter.tasks().values().forEach(t -> out.println("  -Dtask=" + t.number() + "   " + t.title()
                    + language.say(" (" + t.hints().size() + " hints)", "（" + t.hints().size() + " 条提示）")));
            return;
        }
        int number = parse(taskText, "task");
        Chapter.TaskSection task = chapter.tasks().get(number);
        if (task == null) {
            throw new UsageException(language.chapterPath(lab) + language.say(" has no \"## Task " + number
                    + "\". Its tasks: ", " 没有任务 " + number + "。它的任务：") + chapter.tasks().keySet());
        }
        int level = levelText.isBlank() ? 1 : parse(levelText, "level");
        boolean more = show(lab, task, level);
        if (more) {
            out.println(language.say("Still stuck? Next hint: ", "还是卡住了？下一条提示：") + "./mvnw -q -Phint -Dlab="
                    + lab.number() + " -Dtask=" + number + " -Dlevel=" + (level + 1)
                    + (language == Language.ENGLISH ? "" : " -Dlang=zh-CN"));
        }
        out.println(language.say("Run this lab's tests: ", "运行本实验的测试：") + "./mvnw test -pl labs/" + lab.slug()
                + language.say("   or, re-run on every save: ", "   或者每次保存后自动重跑：") + "./mvnw -q -Pwatch -Dlab="
                + lab.number());
    }

    /** The chapter's sections of a lab's tasks, or a message saying it has none yet. */
    Chapter chapter(Lab lab) {
        Path file = root.resolve(language.chapterPath(lab));
        if (!Files.isRegularFile(file)) {
            throw new UsageException(lab.slug() + language.say(" has no chapter yet (", " 还没有这一章（")
                    + language.chapterPath(lab) + language.say("), so no hints.", "），所以没有提示。"));
        }
        return Chapter.read(file);
    }

    /** Prints hint {@code level} of {@code task}; true when the task has a further hint. */
    boolean show(Lab lab, Chapter.TaskSection task, int level) {
        Chapter.Hint hint = task.hints().stream().filter(h -> h.level() == level).findFirst()
                .orElseThrow(() -> new UsageException(task.title() + language.say(" has " + task.hints().size()
                        + " hints; there is no hint " + level + ".", " 只有 " + task.hints().size() + " 条提示，没有第 "
                        + level + " 条。")));
        out.println();
        out.println(language.say("Lab ", "实验 ") + lab.slug() + language.say(", ", "，") + task.title());
        out.println(language.say("Hint " + level + " of " + task.hints().size() + ": ",
                "提示 " + level + "/" + task.hints().size() + "：") + hint.title());
        out.println();
        // The chapter's snippet markers are for the docs check, not for the reader (they may name solutions/).
        out.println(hint.body().replaceAll("(?m)^\\s*<!--.*?-->\\s*\\R", ""));
        out.println();
        if (level >= task.hints().size()) {
            out.println(language.say("That was the last hint. The whole section: ", "这是最后一条提示。完整的一节：")
                    + language.chapterPath(lab) + "#" + task.anchor());
        }
        return level < task.hints().size();
    }

    private static int parse(String text, String what) {
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new UsageException("-D" + what + " must be a number, not \"" + text + "\"");
        }
    }
}
