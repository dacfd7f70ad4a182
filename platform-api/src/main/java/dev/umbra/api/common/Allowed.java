package dev.umbra.api.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The access policy of a resource method, read off the method JAX-RS selected (a method's own
 * annotation wins over its class'). A resource method with neither is refused: deny by default,
 * and {@code ResourcePolicyTest} fails on any such method. Enforced by {@link dev.umbra.api.auth.AccessFilter}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Allowed {
    Caller value();
}
