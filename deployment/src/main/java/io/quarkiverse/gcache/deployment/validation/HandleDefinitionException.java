package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.AnnotationTarget;
import org.jboss.jandex.MethodInfo;

import io.quarkus.arc.processor.InjectionPointInfo;

/**
 * A mistake in a {@code GCacheHandle} injection point, found at build time. Reported on the class that injects it and
 * the field (or the method or constructor whose parameter it is); the message names the injection point itself.
 */
public abstract class HandleDefinitionException extends GCacheDefinitionException {

    protected HandleDefinitionException(String problem, InjectionPointInfo injectionPoint, String fix) {
        super(problem + " (" + where(injectionPoint) + ")", className(injectionPoint), memberName(injectionPoint), fix);
    }

    /** The injection point for people: {@code field org.acme.Foo.users}, {@code parameter users of org.acme.Foo(...)}. */
    public static String where(InjectionPointInfo ip) {
        AnnotationTarget target = ip.getAnnotationTarget();
        if (target.kind() == AnnotationTarget.Kind.FIELD) {
            return "field " + className(ip) + "." + target.asField().name();
        }
        MethodInfo method = target.asMethodParameter().method();
        String name = method.parameterName(ip.getPosition());
        String param = name == null ? "parameter " + (ip.getPosition() + 1) : "parameter " + name;
        return param + " of " + (method.name().equals("<init>") ? "the constructor " + className(ip)
                : "the method " + className(ip) + "." + method.name());
    }

    /** The class that declares the injection point. */
    public static String className(InjectionPointInfo ip) {
        AnnotationTarget target = ip.getAnnotationTarget();
        return (target.kind() == AnnotationTarget.Kind.FIELD ? target.asField().declaringClass()
                : target.asMethodParameter().method().declaringClass()).name().toString();
    }

    private static String memberName(InjectionPointInfo ip) {
        AnnotationTarget target = ip.getAnnotationTarget();
        return target.kind() == AnnotationTarget.Kind.FIELD ? target.asField().name()
                : target.asMethodParameter().method().name();
    }
}
