package io.rusticated.conformance.netfuzz;

import java.util.List;

/** Two transcripts side by side up to their first difference. */
final class Transcripts {
    private Transcripts() {
    }

    static String diff(List<String> ours, List<String> theirs) {
        int first = 0;
        while (first < ours.size() && first < theirs.size() && ours.get(first).equals(theirs.get(first))) {
            first++;
        }
        StringBuilder b = new StringBuilder("first difference at line ").append(first + 1).append(":\n");
        for (int i = 0; i < first; i++) {
            b.append("    ").append(ours.get(i)).append('\n');
        }
        b.append("  rusticated:\n");
        for (int i = first; i < Math.min(ours.size(), first + 8); i++) {
            b.append("    ").append(ours.get(i)).append('\n');
        }
        b.append("  JDK:\n");
        for (int i = first; i < Math.min(theirs.size(), first + 8); i++) {
            b.append("    ").append(theirs.get(i)).append('\n');
        }
        return b.toString();
    }
}
