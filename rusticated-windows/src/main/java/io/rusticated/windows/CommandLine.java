package io.rusticated.windows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Windows hands a child one command line, which the child splits itself; nearly every program
 * splits it as the Microsoft C runtime does ("Parsing C command-line arguments"), so that is how
 * arguments are joined here, and how {@link #parse} splits one.
 *
 * <p>A batch file is different: CreateProcessW runs it through cmd.exe, whose own parsing expands
 * {@code %VAR%} and treats {@code & | < > ^} as commands wherever quotes do not protect them, so
 * an argument can run a command (the 2024 "BatBadBut" class, CVE-2024-24576). Batch files are
 * therefore started with an explicit {@code cmd.exe /e:ON /v:OFF /d /c} line (no AutoRun, no
 * delayed expansion), each argument quoted when it holds anything but letters, digits and a few
 * inert symbols, and an argument cmd.exe cannot receive intact is refused: one with a double
 * quote (cmd.exe has no escape for it inside quotes, and an odd count turns the rest of the line
 * into commands), a percent sign (expanded even inside quotes; cmd.exe has no escape for it on a
 * command line), or a line break (it ends the command).
 */
final class CommandLine {
    private CommandLine() {
    }

    /** Symbols cmd.exe gives no meaning to, so an argument of letters, digits and these needs no quotes for it. */
    private static final String INERT_FOR_CMD = "#$*+-./:?@\\_";

    /**
     * The command line for a program started directly: {@code argv[0]} as the C runtime reads a
     * program name (quotes group, nothing escapes), then each argument quoted as it unquotes them.
     *
     * @throws IllegalArgumentException for an {@code argv[0]} with a double quote, which no quoting carries
     */
    static String of(List<String> argv) {
        StringBuilder line = new StringBuilder();
        line.append(programName(argv.get(0)));
        for (int i = 1; i < argv.size(); i++) {
            line.append(' ');
            appendArgument(line, argv.get(i));
        }
        return line.toString();
    }

    static String programName(String argv0) {
        if (argv0.indexOf('"') >= 0) {
            throw new IllegalArgumentException("a program name (argv[0]) cannot hold a double quote on Windows: " + argv0);
        }
        return argv0.isEmpty() || argv0.indexOf(' ') >= 0 || argv0.indexOf('\t') >= 0 ? "\"" + argv0 + "\"" : argv0;
    }

    /**
     * One argument as the C runtime unquotes it: as it is when it has no blank and no quote, else
     * in quotes, with each quote escaped by a backslash and the backslashes before a quote (or
     * before the closing quote) doubled.
     */
    static void appendArgument(StringBuilder line, String arg) {
        boolean plain = !arg.isEmpty() && arg.chars().noneMatch(c -> c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '"');
        if (plain) {
            line.append(arg);
            return;
        }
        line.append('"');
        int backslashes = 0;
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            if (c == '\\') {
                backslashes++;
                continue;
            }
            if (c == '"') {
                line.repeat('\\', 2 * backslashes + 1);
            } else {
                line.repeat('\\', backslashes);
            }
            backslashes = 0;
            line.append(c);
        }
        line.repeat('\\', 2 * backslashes);
        line.append('"');
    }

    /**
     * Splits a command line as the C runtime does (UCRT): blanks (space, tab) separate
     * arguments outside quotes; {@code argv[0]} ends at the first blank outside quotes and takes
     * no escapes; elsewhere 2n backslashes before a quote give n backslashes and the quote opens
     * or closes a quoted part, 2n+1 give n and a literal quote, other backslashes are literal, and
     * two quotes inside a quoted part give one literal quote.
     */
    static List<String> parse(String line) {
        List<String> args = new ArrayList<>();
        int i = 0;
        int n = line.length();
        // argv[0]
        StringBuilder arg = new StringBuilder();
        boolean quoted = false;
        while (i < n) {
            char c = line.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if ((c == ' ' || c == '\t') && !quoted) {
                break;
            } else {
                arg.append(c);
            }
            i++;
        }
        args.add(arg.toString());
        for (;;) {
            while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
                i++;
            }
            if (i >= n) {
                return args;
            }
            arg = new StringBuilder();
            quoted = false;
            while (i < n) {
                char c = line.charAt(i);
                if (c == '\\') {
                    int backslashes = 0;
                    while (i < n && line.charAt(i) == '\\') {
                        backslashes++;
                        i++;
                    }
                    if (i < n && line.charAt(i) == '"') {
                        arg.repeat('\\', backslashes / 2);
                        if (backslashes % 2 == 1) {
                            arg.append('"');
                            i++;
                        }
                    } else {
                        arg.repeat('\\', backslashes);
                    }
                    continue;
                }
                if (c == '"') {
                    if (quoted && i + 1 < n && line.charAt(i + 1) == '"') {
                        arg.append('"');
                        i += 2;
                        continue;
                    }
                    quoted = !quoted;
                    i++;
                    continue;
                }
                if ((c == ' ' || c == '\t') && !quoted) {
                    break;
                }
                arg.append(c);
                i++;
            }
            args.add(arg.toString());
        }
    }

    /**
     * Whether Windows would run the program through cmd.exe: a {@code .bat} or {@code .cmd} file
     * (trailing dots and spaces, which Windows drops from a file name, are dropped first).
     */
    static boolean isBatchFile(Path program) {
        String name = program.getFileName() == null ? "" : program.getFileName().toString();
        int end = name.length();
        while (end > 0 && (name.charAt(end - 1) == '.' || name.charAt(end - 1) == ' ')) {
            end--;
        }
        String base = name.substring(0, end).toLowerCase(Locale.ROOT);
        return base.endsWith(".bat") || base.endsWith(".cmd");
    }

    /**
     * The command line that runs a batch file through cmd.exe with {@code args} (argv[1...]):
     * {@code cmd.exe /e:ON /v:OFF /d /c ""script" arg "arg with blanks""} (cmd.exe /c drops the
     * outer pair of quotes).
     *
     * @throws IllegalArgumentException naming the argument, for one cmd.exe cannot receive intact
     */
    static String forBatchFile(String script, List<String> args) {
        if (script.indexOf('"') >= 0 || script.endsWith("\\") || script.indexOf('%') >= 0) {
            throw new IllegalArgumentException("a batch file's path cannot hold '\"' or '%' or end with '\\' for cmd.exe: " + script);
        }
        StringBuilder line = new StringBuilder("cmd.exe /e:ON /v:OFF /d /c \"\"").append(script).append('"');
        for (String arg : args) {
            line.append(' ').append(batchArgument(arg));
        }
        return line.append('"').toString();
    }

    static String batchArgument(String arg) {
        for (int i = 0; i < arg.length(); i++) {
            char c = arg.charAt(i);
            String why = switch (c) {
                case '"' -> "a double quote, which cmd.exe cannot escape inside quotes";
                case '%' -> "'%', which cmd.exe expands even inside quotes";
                case '\r', '\n' -> "a line break, which ends cmd.exe's command";
                case '\0' -> "a NUL character";
                default -> null;
            };
            if (why != null) {
                throw new IllegalArgumentException("argument " + quoteForMessage(arg) + " for a batch file holds " + why
                        + "; cmd.exe would not pass it on intact (CVE-2024-24576). Run cmd.exe yourself if you need it.");
            }
        }
        boolean needsQuotes = arg.isEmpty() || arg.chars().anyMatch(c ->
                c < 0x80 ? !(Character.isLetterOrDigit(c) || INERT_FOR_CMD.indexOf(c) >= 0) : Character.isISOControl(c));
        return needsQuotes ? "\"" + arg + "\"" : arg;
    }

    private static String quoteForMessage(String arg) {
        return "'" + arg.replace("\r", "\\r").replace("\n", "\\n").replace("\0", "\\0") + "'";
    }
}
