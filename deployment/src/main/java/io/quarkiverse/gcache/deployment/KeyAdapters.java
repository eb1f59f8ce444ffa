package io.quarkiverse.gcache.deployment;

import java.lang.reflect.Modifier;
import java.util.List;

import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.ClassType;
import org.jboss.jandex.DotName;
import org.jboss.jandex.IndexView;
import org.jboss.jandex.Type;

/**
 * The build's rules for a {@code GCacheKeyAdapter} named by an annotation ({@code @GCacheId}, {@code @GCacheArg},
 * {@code @GCacheInvalidate}): whether the runtime can get an instance, and which type it takes.
 */
final class KeyAdapters {

    private static final List<String> BEAN_DEFINING = List.of("jakarta.enterprise.context.ApplicationScoped",
            "jakarta.inject.Singleton", "jakarta.enterprise.context.Dependent",
            "jakarta.enterprise.context.RequestScoped");

    private final IndexView index;
    private final KeyPartTypes types;

    KeyAdapters(IndexView index) {
        this.index = index;
        this.types = new KeyPartTypes(index);
    }

    /**
     * A concrete adapter class that is a bean, or a public class with a public no-argument constructor (the runtime
     * creates it reflectively, from another package).
     */
    boolean isCreatable(DotName adapter) {
        ClassInfo info = index.getClassByName(adapter);
        if (info == null || info.isInterface() || Modifier.isAbstract(info.flags())) {
            return false;
        }
        if (Modifier.isPublic(info.flags()) && info.hasNoArgsConstructor()
                && Modifier.isPublic(info.method("<init>").flags())) {
            return true;
        }
        return info.declaredAnnotations().stream().anyMatch(a -> BEAN_DEFINING.contains(a.name().toString()));
    }

    /**
     * The {@code T} of the adapter's {@code GCacheKeyAdapter<T>}, through generic superclasses too, or {@code null}
     * where the build cannot say (a type variable, an array).
     */
    Type adaptedType(DotName adapter) {
        List<Type> args = types.supertypeArguments(ClassType.create(adapter), GCacheDotNames.GCACHE_KEY_ADAPTER);
        if (args == null || args.isEmpty()) {
            return null;
        }
        Type adapts = args.get(0);
        return adapts.kind() == Type.Kind.CLASS || adapts.kind() == Type.Kind.PARAMETERIZED_TYPE ? adapts : null;
    }
}
