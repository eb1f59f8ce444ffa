package io.quarkiverse.gcache.deployment;

import java.util.List;

import org.jboss.jandex.Type;

import io.quarkiverse.gcache.deployment.validation.GCacheDefinitionException;
import io.quarkiverse.gcache.runtime.spec.UseCaseSpec;
import io.quarkus.arc.processor.InjectionPointInfo;
import io.quarkus.builder.item.SimpleBuildItem;

/**
 * The programmatic use cases: the {@code @GCacheUseCase GCacheHandle<T>} injection points of the application, read by
 * {@link HandleAnalyzer}.
 */
public final class GCacheHandlesBuildItem extends SimpleBuildItem {

    /** A use case declared by handles: its spec, the first injection point that declares it, and its {@code T}. */
    public record Declared(UseCaseSpec spec, InjectionPointInfo injectionPoint, Type valueType) {
    }

    /** A {@code GCacheHandle} bean to register: its type {@code GCacheHandle<T>} and its qualifier's binding values. */
    public record Bean(Type handleType, String useCase, String keyType) {
    }

    private final List<Declared> useCases;
    private final List<Bean> beans;
    private final List<GCacheDefinitionException> problems;

    GCacheHandlesBuildItem(List<Declared> useCases, List<Bean> beans, List<GCacheDefinitionException> problems) {
        this.useCases = List.copyOf(useCases);
        this.beans = List.copyOf(beans);
        this.problems = List.copyOf(problems);
    }

    public List<Declared> getUseCases() {
        return useCases;
    }

    public List<Bean> getBeans() {
        return beans;
    }

    public List<GCacheDefinitionException> getProblems() {
        return problems;
    }
}
