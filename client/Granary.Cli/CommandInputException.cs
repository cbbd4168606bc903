namespace Granary.Cli;

/// <summary>A command's input could not be used; its message says which argument and why, and is all the user sees.</summary>
internal sealed class CommandInputException(string message, Exception? inner = null) : Exception(message, inner);
