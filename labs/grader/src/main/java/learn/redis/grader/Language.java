package learn.redis.grader;

import java.util.Locale;

/**
 * The language a learner reads the chapters in: English ({@code docs/}) or Simplified Chinese
 * ({@code docs/zh-CN/}). Chosen with {@code -Dlang=zh-CN}, or once for every command with the environment variable
 * {@value #ENVIRONMENT}.
 */
enum Language {
    ENGLISH("docs/"),
    SIMPLIFIED_CHINESE("docs/zh-CN/");

    static final String ENVIRONMENT = "REDIS_LABS_LANG";

    private final String directory;

    Language(String directory) {
        this.directory = directory;
    }

    /** The language an option names, or the environment's when the option is blank; English when neither is set. */
    static Language of(String option, String environment) {
        String name = option == null || option.isBlank() ? environment : option;
        if (name == null || name.isBlank()) {
            return ENGLISH;
        }
        return switch (name.strip().toLowerCase(Locale.ROOT).replace('_', '-')) {
            case "en", "en-us", "en-gb", "english" -> ENGLISH;
            case "zh", "zh-cn", "zh-hans", "zh-hans-cn", "chinese" -> SIMPLIFIED_CHINESE;
            default -> throw new UsageException("Unknown language \"" + name + "\" (from " + (option == null
                    || option.isBlank() ? ENVIRONMENT : "-Dlang") + "): use en or zh-CN.");
        };
    }

    String chapterPath(Lab lab) {
        return directory + lab.slug() + ".md";
    }

    /** The text in this language: the English one, or its Chinese version. */
    String say(String english, String chinese) {
        return this == ENGLISH ? english : chinese;
    }
}
