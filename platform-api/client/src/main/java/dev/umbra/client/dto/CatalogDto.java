package dev.umbra.client.dto;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What a run spec may name, read from the spec package's enums so that forms never re-declare
 * it: methods with their parameters and defaults, backbones, optimizers, augmentation recipes,
 * evaluation protocols.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record CatalogDto(List<MethodDto> methods, List<String> backbones, List<String> optimizers,
                         List<String> recipes, List<String> protocols) {

    /** A method and its defaults; {@code defaultLr} is for a batch of 256 (scaled with the batch size). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record MethodDto(String id, String family, String defaultOptimizer, double defaultLr,
                            double defaultWeightDecay, String defaultRecipe, List<ParamDto> params) {
    }

    /** One parameter: {@code type} is {@code double}, {@code int} or {@code bool}. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record ParamDto(String name, String type, Object defaultValue, double min, double max, String description) {
    }
}
