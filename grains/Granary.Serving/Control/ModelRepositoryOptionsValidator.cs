using Granary.Hosting;
using Microsoft.Extensions.Options;

namespace Granary.Control;

public sealed class ModelRepositoryOptionsValidator : IValidateOptions<ModelRepositoryOptions>
{
    public ValidateOptionsResult Validate(string? name, ModelRepositoryOptions options)
    {
        var result = new ValidateOptionsResultBuilder();
        OptionChecks.NotEmpty(result, $"{ModelRepositoryOptions.Section}:Path", options.Path, "a directory");
        return result.Build();
    }
}
