package io.quarkiverse.gcache.deployment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

import org.jboss.shrinkwrap.api.asset.ByteArrayAsset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.quarkiverse.gcache.GCached;
import io.quarkiverse.gcache.deployment.validation.MissingParameterNamesException;
import io.quarkus.test.QuarkusUnitTest;

/**
 * Keys are built from parameter names, so a class compiled without them ({@code -parameters} off and no debug
 * information) fails the build. The project compiles with {@code -parameters}, so this test compiles its bean at
 * test time with {@code javac -g:none} and without {@code -parameters}, and puts the class file in the application.
 */
class MissingParameterNamesTest {

    private static final String PACKAGE = "io.quarkiverse.gcache.deployment.nameless";
    private static final String BEAN = PACKAGE + ".NamelessBean";
    private static final String SOURCE = """
            package io.quarkiverse.gcache.deployment.nameless;

            @jakarta.enterprise.context.ApplicationScoped
            public class NamelessBean {

                @io.quarkiverse.gcache.GCached(keyType = "user_id", idArg = "userId")
                public String profile(String userId, int page) {
                    return userId + page;
                }
            }
            """;

    @RegisterExtension
    static final QuarkusUnitTest TEST = new QuarkusUnitTest()
            .withApplicationRoot(jar -> jar.add(new ByteArrayAsset(compileWithoutParameterNames()),
                    BEAN.replace('.', '/') + ".class"))
            .assertException(t -> {
                MissingParameterNamesException e = BuildErrors.single(t, MissingParameterNamesException.class);
                assertThat(e.getClassName()).isEqualTo(BEAN);
                assertThat(e.getMethodName()).isEqualTo("profile");
                assertThat(e).hasMessage("the parameter names of this method are not in its class file; keys need them"
                        + " [class=" + BEAN + ", method=profile]. Fix: compile with -parameters"
                        + " (Maven: <maven.compiler.parameters>true</maven.compiler.parameters>)");
            });

    @Test
    void shouldNotBeInvoked() {
        fail("the build should have failed");
    }

    private static byte[] compileWithoutParameterNames() {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK compiler").isNotNull();
        try {
            Path out = Files.createTempDirectory("gcache-nameless");
            String classpath = Stream.of(GCached.class, ApplicationScoped.class, InterceptorBinding.class, Nonbinding.class)
                    .map(MissingParameterNamesTest::location)
                    .distinct()
                    .collect(Collectors.joining(File.pathSeparator));
            JavaFileObject source = new SimpleJavaFileObject(URI.create("string:///" + BEAN.replace('.', '/') + ".java"),
                    JavaFileObject.Kind.SOURCE) {
                @Override
                public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                    return SOURCE;
                }
            };
            DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
            List<String> options = List.of("-g:none", "-proc:none", "--release", "17", "-classpath", classpath, "-d",
                    out.toString());
            Boolean compiled = javac.getTask(null, null, diagnostics, options, null, List.of(source)).call();
            assertThat(compiled).as("javac: %s", diagnostics.getDiagnostics()).isTrue();
            return Files.readAllBytes(out.resolve(BEAN.replace('.', '/') + ".class"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
