namespace Playground.Storage;

/// <summary>One schema change. Applied migrations are immutable: change the schema by appending a new one.</summary>
public sealed record SqliteMigration(int Version, string Name, string Sql);
