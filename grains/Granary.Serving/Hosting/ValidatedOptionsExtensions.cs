using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Granary.Hosting;

public static class ValidatedOptionsExtensions
{
    /// <summary>Binds <typeparamref name="TOptions"/> to its section of <paramref name="configuration"/> and validates it when the host starts.</summary>
    public static IServiceCollection AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        return services;
    }
}
