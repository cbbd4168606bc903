using System.CommandLine;
using Granary.Cli;

namespace Granary.Tests.Cli;

/// <summary>
/// The CLI's key comes from <c>GRANARY_API_KEY</c>; help names the variable and never prints its value.
/// The variable is process-wide, so these tests run alone.
/// </summary>
[Collection(EnvironmentCollection.Name)]
public sealed class ApiKeyHelpTests
{
    private const string Secret = "gk_0123456789ab_help-must-never-show-this-secret";

    [Theory]
    [InlineData("--help")]
    [InlineData("tenants list --help")]
    [InlineData("infer --help")]
    public void Help_names_the_key_variable_without_printing_the_key(string commandLine)
    {
        var help = WithApiKeyVariable(Secret, () =>
        {
            using var output = new StringWriter();
            var exitCode = GranaryRootCommand.Create().Parse(commandLine).Invoke(new InvocationConfiguration { Output = output });
            Assert.Equal(0, exitCode);
            return output.ToString();
        });

        Assert.Contains("--api-key", help, StringComparison.Ordinal);
        Assert.Contains(ConnectionOptions.ApiKeyVariable, help, StringComparison.Ordinal);
        Assert.False(help.Contains(Secret, StringComparison.Ordinal), $"`granary {commandLine}` printed the key:\n{help}");
    }

    [Fact]
    public void The_key_comes_from_the_variable_when_the_option_is_absent()
    {
        var connection = new ConnectionOptions();
        var root = new RootCommand { connection.Address, connection.ApiKey };

        var fromVariable = WithApiKeyVariable(Secret, () => connection.ApiKeyOf(root.Parse("")));
        var fromOption = WithApiKeyVariable(Secret, () => connection.ApiKeyOf(root.Parse("--api-key gk_other")));

        Assert.Equal(Secret, fromVariable);
        Assert.Equal("gk_other", fromOption);
    }

    private static T WithApiKeyVariable<T>(string value, Func<T> action)
    {
        var before = Environment.GetEnvironmentVariable(ConnectionOptions.ApiKeyVariable);
        Environment.SetEnvironmentVariable(ConnectionOptions.ApiKeyVariable, value);
        try
        {
            return action();
        }
        finally
        {
            Environment.SetEnvironmentVariable(ConnectionOptions.ApiKeyVariable, before);
        }
    }
}

/// <summary>Tests that change process-wide environment variables, run with no other test beside them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentCollection
{
    public const string Name = "environment";
}
