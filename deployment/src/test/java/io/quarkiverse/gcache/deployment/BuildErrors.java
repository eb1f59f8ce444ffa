package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.inject.spi.DeploymentException;

import io.quarkiverse.gcache.deployment.validation.GCacheDefinitionException;

/**
 * Digs the GCache definition errors out of what a failed build threw. ArC reports one validation error as the
 * cause of a {@link DeploymentException}, and several as the suppressed exceptions of one whose message is
 * "Found N deployment problems"; the build wraps that again. These helpers look through causes and suppressed
 * exceptions alike, so a test can assert on the errors themselves.
 */
final class BuildErrors {

    private BuildErrors() {
    }

    /** Every {@link GCacheDefinitionException} in {@code thrown}, its causes and its suppressed exceptions. */
    static List<GCacheDefinitionException> all(Throwable thrown) {
        List<GCacheDefinitionException> found = new ArrayList<>();
        collect(thrown, found, Collections.newSetFromMap(new IdentityHashMap<>()));
        return found;
    }

    private static void collect(Throwable t, List<GCacheDefinitionException> found, Set<Throwable> seen) {
        if (t == null || !seen.add(t)) {
            return;
        }
        if (t instanceof GCacheDefinitionException e) {
            found.add(e);
        }
        collect(t.getCause(), found, seen);
        for (Throwable s : t.getSuppressed()) {
            collect(s, found, seen);
        }
    }

    /** The errors of exactly {@code type} (not a subclass) in {@code thrown}. */
    static <E extends GCacheDefinitionException> List<E> ofType(Throwable thrown, Class<E> type) {
        return all(thrown).stream().filter(e -> e.getClass() == type).map(type::cast).toList();
    }

    /**
     * Asserts that the build failed with exactly one GCache error, of exactly {@code type}, reported the way ArC
     * reports a single problem (as the cause of a {@link DeploymentException}), and returns it.
     */
    static <E extends GCacheDefinitionException> E single(Throwable thrown, Class<E> type) {
        List<GCacheDefinitionException> all = all(thrown);
        assertThat(all).as("the GCache errors of the failed build").hasSize(1);
        assertThat(all.get(0)).isExactlyInstanceOf(type);
        assertThat(deploymentException(thrown).getCause()).as("the cause of the DeploymentException")
                .isSameAs(all.get(0));
        return type.cast(all.get(0));
    }

    /**
     * Asserts that the build failed with exactly {@code count} GCache errors, reported the way ArC reports
     * several problems (as the suppressed exceptions of "Found N deployment problems"), and returns them.
     */
    static List<GCacheDefinitionException> several(Throwable thrown, int count) {
        List<GCacheDefinitionException> all = all(thrown);
        assertThat(all).as("the GCache errors of the failed build").hasSize(count);
        DeploymentException deployment = deploymentException(thrown);
        assertThat(deployment).hasMessageStartingWith("Found " + count + " deployment problems");
        assertThat(deployment.getSuppressed()).containsExactlyInAnyOrderElementsOf(all);
        return all;
    }

    /** The one error of exactly {@code type} reported for {@code method} of {@code bean}. */
    static <E extends GCacheDefinitionException> E forMethod(Throwable thrown, Class<E> type, Class<?> bean,
            String method) {
        List<E> matching = ofType(thrown, type).stream()
                .filter(e -> e.getClassName().equals(bean.getName()) && e.getMethodName().equals(method))
                .toList();
        assertThat(matching).as("the %s errors of %s#%s among %s", type.getSimpleName(), bean.getName(), method,
                all(thrown)).hasSize(1);
        return matching.get(0);
    }

    /**
     * Asserts the message format {@code "<problem> [class=X, method=y]. Fix: <fix>"}: it names the class and the
     * method, and its fix contains {@code fix}.
     */
    static void assertNamesAndFix(GCacheDefinitionException e, Class<?> bean, String method, String fix) {
        assertThat(e.getClassName()).isEqualTo(bean.getName());
        assertThat(e.getMethodName()).isEqualTo(method);
        String names = " [class=" + bean.getName() + ", method=" + method + "]. Fix: ";
        assertThat(e.getMessage()).contains(names);
        assertThat(e.getMessage().substring(e.getMessage().indexOf(names) + names.length())).as("the fix").contains(fix);
    }

    /** The innermost {@link DeploymentException} ArC threw. */
    private static DeploymentException deploymentException(Throwable thrown) {
        DeploymentException found = null;
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof DeploymentException d) {
                found = d;
            }
        }
        assertThat(found).as("a DeploymentException in the cause chain of %s", thrown).isNotNull();
        return found;
    }
}
