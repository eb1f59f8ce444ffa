package io.quarkiverse.gcache.deployment.validation;

import org.jboss.jandex.MethodInfo;

/**
 * REMOTE on a method whose value type still holds a type variable once the bean class's type arguments are applied
 * (a type variable of the method itself), or is {@code Object}: REMOTE could not read the value back as the type the
 * caller expects.
 */
public class UnresolvedValueTypeException extends GCacheDefinitionException {

    public UnresolvedValueTypeException(MethodInfo method, String beanClass, String valueType) {
        super("REMOTE cannot read back a value of type " + valueType + " in bean " + beanClass
                + ": it names no type to read a value back as (a type variable no class binds, or Object)", method,
                "return a concrete type (or one the bean class binds, as in UserRepo extends Repo<User>), "
                        + "or keep this use case LOCAL only (no remote ttl)");
    }
}
