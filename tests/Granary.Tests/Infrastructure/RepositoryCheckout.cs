namespace Granary.Tests.Infrastructure;

/// <summary>The checkout the tests run from: the directory above the test binaries that holds Cluster.sln.</summary>
public static class RepositoryCheckout
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cluster.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No directory above {AppContext.BaseDirectory} contains Cluster.sln.");
    }
}
