package io.quarkiverse.gcache.it.history;

/**
 * One broken rule: which, by what (an operation, or a propagation measurement), and why.
 *
 * @param rule (a) to (e), as in {@link HistoryChecker}
 * @param subject the offending operation or measurement
 * @param why the write it should have seen, the bound, or what went wrong
 */
record Violation(String rule, String subject, String why) {

    boolean isStaleRead() {
        return rule.startsWith("(a)") || rule.startsWith("(b)") || rule.startsWith("(c)");
    }

    @Override
    public String toString() {
        return rule + " " + subject + "\n      " + why;
    }
}
