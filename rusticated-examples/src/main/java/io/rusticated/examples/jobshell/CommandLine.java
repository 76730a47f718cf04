package io.rusticated.examples.jobshell;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of the shell's tiny language: words separated by blanks, {@code '...'} and
 * {@code "..."} quoting, {@code |} between commands, and a trailing {@code &} for background.
 */
record CommandLine(List<List<String>> commands, boolean background, String text) {
    static CommandLine parse(String line) {
        String text = line.strip();
        boolean background = text.endsWith("&");
        if (background) {
            text = text.substring(0, text.length() - 1).strip();
        }
        List<List<String>> commands = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (c == '|') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
                commands.add(checked(words, line));
                words = new ArrayList<>();
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unterminated " + quote + " quote");
        }
        if (word != null) {
            words.add(word.toString());
        }
        if (!commands.isEmpty() || !words.isEmpty()) {
            commands.add(checked(words, line));
        }
        return new CommandLine(List.copyOf(commands), background, text);
    }

    private static List<String> checked(List<String> words, String line) {
        if (words.isEmpty()) {
            throw new IllegalArgumentException("empty command in pipeline: " + line.strip());
        }
        return List.copyOf(words);
    }

    boolean isEmpty() {
        return commands.isEmpty();
    }
}
