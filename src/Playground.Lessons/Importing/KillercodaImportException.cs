namespace Playground.Lessons;

/// <summary>The scenario cannot be imported at all (no index.json, not JSON, no steps, target exists). Nothing was written.</summary>
public sealed class KillercodaImportException(string message) : Exception(message);
