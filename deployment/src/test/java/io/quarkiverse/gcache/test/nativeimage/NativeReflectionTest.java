package io.quarkiverse.gcache.test.nativeimage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import jakarta.enterprise.context.ApplicationScoped;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCacheArg;
import io.quarkiverse.gcache.GCacheId;
import io.quarkiverse.gcache.GCacheIgnore;
import io.quarkiverse.gcache.GCacheKeyAdapter;
import io.quarkiverse.gcache.GCacheInvalidate;
import io.quarkiverse.gcache.GCached;
import io.quarkus.builder.BuildContext;
import io.quarkus.builder.BuildStep;
import io.quarkus.deployment.builditem.FeatureBuildItem;
import io.quarkus.deployment.builditem.nativeimage.ReflectiveClassBuildItem;
import io.quarkus.test.QuarkusUnitTest;
import io.smallrye.mutiny.Uni;

/**
 * What a native build of the example application needs registered for reflection, checked on the build items the
 * build produces (this machine has no GraalVM to build one): the REMOTE value types with their generic arguments and
 * what their properties hold, the classes the recorder reaches by name, the cached methods' classes, and the records a
 * key renders. A build step of the test reads every {@link ReflectiveClassBuildItem} and hands them over in a system
 * property (the build and the test do not share a class loader).
 */
class NativeReflectionTest {

    private static final String PROPERTY = "gcache.test.reflective-classes";

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.addClasses(User.class, Order.class, Line.class, Page.class, Filter.class,
                    UpperCase.class, UserService.class, Repo.class, OrderRepo.class, UserWriter.class, LowerCase.class))
            .addBuildChainCustomizer(chain -> chain.addBuildStep(new BuildStep() {
                @Override
                public void execute(BuildContext context) {
                    List<String> lines = new ArrayList<>();
                    for (ReflectiveClassBuildItem item : context.consumeMulti(ReflectiveClassBuildItem.class)) {
                        for (String name : item.getClassNames()) {
                            lines.add(name + "|" + item.getReason() + "|constructors=" + item.isConstructors()
                                    + "|methods=" + item.isMethods() + "|queryMethods=" + item.isQueryMethods()
                                    + "|fields=" + item.isFields());
                        }
                    }
                    System.setProperty(PROPERTY, String.join("\n", lines));
                    context.produce(new FeatureBuildItem("gcache-native-reflection-test"));
                }
            }).consumes(ReflectiveClassBuildItem.class).produces(FeatureBuildItem.class).build());

    @AfterAll
    static void forget() {
        System.clearProperty(PROPERTY);
    }

    /** The registrations of {@code type} whose reason starts with "GCache". */
    private static List<String> gcache(String className) {
        return registrations(className).stream().filter(r -> r.contains("|GCache")).toList();
    }

    private static List<String> registrations(String className) {
        String all = System.getProperty(PROPERTY);
        assertThat(all).as("the test's build step ran").isNotNull();
        return Arrays.stream(all.split("\n")).filter(l -> l.startsWith(className + "|")).toList();
    }

    @Test
    void remoteValueTypesAreReadableByJackson() {
        // the value of User, Uni<User> and CompletionStage<User>; the T of List<User>; Page<Order> and its argument
        for (Class<?> type : List.of(User.class, Page.class, Order.class)) {
            assertThat(gcache(type.getName())).as(type.getSimpleName())
                    .anyMatch(r -> r.contains("REMOTE values") && r.contains("constructors=true")
                            && r.contains("methods=true") && r.contains("fields=true"));
        }
        // what an Order holds, through the reflective hierarchy (List<Line> lines)
        assertThat(registrations(Line.class.getName())).as("Line, a property's element type").isNotEmpty();
    }

    @Test
    void whatTheRecorderReachesByNameIsRegistered() {
        String all = System.getProperty(PROPERTY);
        // the call sites, by their INSTANCE field
        assertThat(all.lines().filter(l -> l.contains("_GCache_") && l.contains("by class name")
                && l.contains("fields=true"))).as("call sites").hasSizeGreaterThanOrEqualTo(6);
        // the property reader of @GCacheId("id") and the adapter, by their constructor
        assertThat(all.lines().filter(l -> l.contains("_GCacheReader") && l.contains("by class name")
                && l.contains("constructors=true"))).as("property readers").isNotEmpty();
        assertThat(gcache(UpperCase.class.getName())).anyMatch(r -> r.contains("by class name")
                && r.contains("constructors=true"));
        // the classes whose methods are looked up for the generic return type, and the bean that binds Repo's T
        assertThat(gcache(UserService.class.getName())).anyMatch(r -> r.contains("queryMethods=true"));
        assertThat(gcache(Repo.class.getName())).anyMatch(r -> r.contains("queryMethods=true"));
        assertThat(gcache(OrderRepo.class.getName())).isNotEmpty();
    }

    @Test
    void theIdsOfGCacheInvalidateAreRegisteredAsTheRecorderReachesThem() {
        String all = System.getProperty(PROPERTY);
        assertThat(all.lines().filter(l -> l.contains("_GCacheInvalidateReader") && l.contains("by class name")
                && l.contains("constructors=true"))).as("@GCacheInvalidate's property reader").isNotEmpty();
        assertThat(gcache(LowerCase.class.getName())).anyMatch(r -> r.contains("by class name")
                && r.contains("constructors=true"));
    }

    @Test
    void recordsInKeysAreRegisteredWithTheirAccessors() {
        assertThat(gcache(Filter.class.getName())).anyMatch(r -> r.contains("records in keys")
                && r.contains("methods=true"));
    }

    public record User(String id, String name, String email) {
    }

    public record Line(String sku, int quantity) {
    }

    public record Order(String id, List<Line> lines) {
    }

    public record Page<T>(List<T> items, int number) {
    }

    public record Filter(String region, int minAge) {
    }

    public static class UpperCase implements GCacheKeyAdapter<String> {
        @Override
        public String adapt(String value) {
            return value.toUpperCase();
        }
    }

    /** The example application's service (integration-tests' UserService), and a few more shapes. */
    @ApplicationScoped
    public static class UserService {

        @GCached(keyType = "user_id", useCase = "GetUserProfile", local = @GCached.Layer(ttl = "60s"),
                remote = @GCached.Layer(ttl = "10m"))
        public User profile(@GCacheId String id) {
            return new User(id, "n", "e");
        }

        @GCached(keyType = "user_id", useCase = "GetUserProfileUni", local = @GCached.Layer(ttl = "60s"),
                remote = @GCached.Layer(ttl = "10m"))
        public Uni<User> profileUni(@GCacheId String id) {
            return Uni.createFrom().item(new User(id, "n", "e"));
        }

        @GCached(keyType = "user_id", useCase = "GetUserProfileStage", local = @GCached.Layer(ttl = "60s"),
                remote = @GCached.Layer(ttl = "10m"))
        public CompletionStage<User> profileStage(@GCacheId String id) {
            return CompletableFuture.completedFuture(new User(id, "n", "e"));
        }

        @GCached(keyType = "name_prefix", idArg = "prefix", trackForInvalidation = false,
                local = @GCached.Layer(ttl = "30s"), remote = @GCached.Layer(ttl = "5m"))
        public List<User> search(String prefix, int page, int size, @GCacheIgnore String requestId) {
            return List.of();
        }

        @GCached(keyType = "user_id", local = @GCached.Layer(ttl = "30s"), remote = @GCached.Layer(ttl = "5m"))
        public Page<Order> orders(@GCacheId("id") User user, Filter filter,
                @GCacheArg(adapter = UpperCase.class) String currency) {
            return new Page<>(List.of(), 0);
        }
    }

    public static class LowerCase implements GCacheKeyAdapter<String> {
        @Override
        public String adapt(String value) {
            return value.toLowerCase();
        }
    }

    /** A write path whose invalidations read their ids through a property path and through an adapter. */
    @ApplicationScoped
    public static class UserWriter {

        @GCacheInvalidate(keyType = "user_id", id = "user.id")
        public void save(User user) {
        }

        @GCacheInvalidate(keyType = "user_id", idArg = "code", adapter = LowerCase.class)
        public void rename(String code) {
        }
    }

    public abstract static class Repo<T> {
        @GCached(keyType = "order_id", local = @GCached.Layer(ttl = "30s"), remote = @GCached.Layer(ttl = "5m"))
        public T find(@GCacheId String id) {
            return null;
        }
    }

    @ApplicationScoped
    public static class OrderRepo extends Repo<Order> {
    }
}
