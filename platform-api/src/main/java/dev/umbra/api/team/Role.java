package dev.umbra.api.team;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A user's role in a team, weakest first: each role may do everything the ones before it may. */
public enum Role {
    VIEWER("read"),
    MEMBER("write"),
    ADMIN("admin");

    private final String scope;

    Role(String scope) {
        this.scope = scope;
    }

    /** The name used in the API, the database and as a security role: {@code viewer}, {@code member}, {@code admin}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The token scope that grants at most this role: {@code read}, {@code write}, {@code admin}. */
    public String scope() {
        return scope;
    }

    public boolean covers(Role other) {
        return compareTo(other) >= 0;
    }

    /** This role and every weaker one: the security roles an identity holding this role gets. */
    public List<String> grantedRoles() {
        return Arrays.stream(values()).filter(this::covers).map(Role::id).toList();
    }

    public static Optional<Role> of(String id) {
        return Arrays.stream(values()).filter(r -> r.id().equals(id)).findFirst();
    }

    public static Optional<Role> ofScope(String scope) {
        return Arrays.stream(values()).filter(r -> r.scope.equals(scope)).findFirst();
    }

    public static Role weaker(Role a, Role b) {
        return a.covers(b) ? b : a;
    }

    public static List<String> ids() {
        return Arrays.stream(values()).map(Role::id).toList();
    }

    public static List<String> scopes() {
        return Arrays.stream(values()).map(Role::scope).toList();
    }
}
