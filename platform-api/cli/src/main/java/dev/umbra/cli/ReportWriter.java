package dev.umbra.cli;

/** Renders a {@link Report} in one format. */
interface ReportWriter {

    String write(Report report);
}
