package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * Overviews of a set of runs, newest first.
 *
 * @param hyperparameters the resolved-spec paths shown for these runs: a fixed few that always
 *                        matter (epochs, batch size, optimizer, learning rate, recipe) and every
 *                        path on which two runs of the same method differ (the seed aside)
 * @param truncated       true when more runs matched than were returned (the oldest were left out)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record RunOverviewsDto(List<String> hyperparameters, List<RunOverviewDto> runs, boolean truncated) {
}
