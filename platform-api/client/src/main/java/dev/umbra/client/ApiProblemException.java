package dev.umbra.client;

import dev.umbra.client.dto.Problem;

/** The platform answered with a problem document; {@link #problem()} says what, as the API words it. */
public class ApiProblemException extends RuntimeException {

    private final int status;
    private final Problem problem;

    public ApiProblemException(int status, Problem problem) {
        super(status + " " + (problem.title() == null ? "" : problem.title() + ": ") + problem.detail());
        this.status = status;
        this.problem = problem;
    }

    public int status() {
        return status;
    }

    public Problem problem() {
        return problem;
    }

    /** The problem's kind, e.g. {@code stale-attempt} for {@code urn:umbra:problem:stale-attempt}. */
    public String kind() {
        String type = problem.type() == null ? "" : problem.type();
        return type.substring(type.lastIndexOf(':') + 1);
    }
}
