using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Playground.Lessons;

/// <summary>
/// Author mode: watches the lessons root, reloads the catalog once a burst of saves has settled (editors write
/// several files per save) and raises <see cref="Changed"/> for every lesson or track touched.
/// </summary>
public sealed class LessonWatcher : IDisposable
{
    /// <summary>How long changes are collected before one reload (200 ms).</summary>
    public static readonly TimeSpan DefaultDebounce = TimeSpan.FromMilliseconds(200);

    private readonly LessonCatalog _catalog;
    private readonly ILogger _logger;
    private readonly TimeSpan _debounce;
    private readonly Lock _gate = new();
    private readonly HashSet<string> _pendingPaths = [];
    private readonly Timer _timer;
    private FileSystemWatcher? _watcher;
    private bool _disposed;

    /// <summary>A watcher that reloads <paramref name="catalog"/> after changes settle for <paramref name="debounce"/>.</summary>
    public LessonWatcher(LessonCatalog catalog, ILogger<LessonWatcher>? logger = null, TimeSpan? debounce = null)
    {
        _catalog = catalog;
        _logger = logger ?? NullLogger<LessonWatcher>.Instance;
        _debounce = debounce ?? DefaultDebounce;
        _timer = new Timer(_ => Flush(), null, Timeout.Infinite, Timeout.Infinite);
    }

    /// <summary>Raised after the reload, once per changed lesson key ("track/lesson") or track id.</summary>
    public event EventHandler<LessonChangedEventArgs>? Changed;

    /// <summary>Starts watching the lessons folder.</summary>
    public void Start()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_watcher is not null) return;
            Directory.CreateDirectory(_catalog.Root);
            _watcher = new FileSystemWatcher(_catalog.Root)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
                InternalBufferSize = 64 * 1024,
            };
            _watcher.Changed += OnFileEvent;
            _watcher.Created += OnFileEvent;
            _watcher.Deleted += OnFileEvent;
            _watcher.Renamed += (_, e) =>
            {
                Queue(e.OldFullPath);
                Queue(e.FullPath);
            };
            _watcher.Error += (_, e) =>
            {
                // Overflow loses events: reload everything rather than miss an edit.
                _logger.LogWarning(e.GetException(), "Lesson watcher lost events under {Root}; reloading all lessons", _catalog.Root);
                Queue(_catalog.Root);
            };
            _watcher.EnableRaisingEvents = true;
        }
        _logger.LogInformation("Watching lessons under {Root} for changes", _catalog.Root);
    }

    private void OnFileEvent(object sender, FileSystemEventArgs e) => Queue(e.FullPath);

    private void Queue(string path)
    {
        var name = Path.GetFileName(path);
        if (name.EndsWith('~') || name.EndsWith(".swp", StringComparison.Ordinal) || name.EndsWith(".swx", StringComparison.Ordinal) || name == "4913")
            return;
        lock (_gate)
        {
            if (_disposed) return;
            _pendingPaths.Add(path);
            _timer.Change(_debounce, Timeout.InfiniteTimeSpan);
        }
    }

    private void Flush()
    {
        string[] paths;
        lock (_gate)
        {
            if (_disposed || _pendingPaths.Count == 0) return;
            paths = [.. _pendingPaths];
            _pendingPaths.Clear();
        }
        try
        {
            var snapshot = _catalog.Reload();
            foreach (var key in paths.Select(p => KeyOf(p, snapshot)).OfType<string>().Distinct())
            {
                _logger.LogInformation("Lesson {LessonKey} changed", key);
                Changed?.Invoke(this, new LessonChangedEventArgs(key));
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Reloading lessons under {Root} failed", _catalog.Root);
        }
    }

    private string? KeyOf(string path, CatalogSnapshot snapshot)
    {
        var relative = Path.GetRelativePath(_catalog.Root, path);
        if (relative == "." || relative.StartsWith("..", StringComparison.Ordinal)) return null;
        var parts = relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 1) return parts[0].Contains('.') ? null : parts[0];
        if (parts.Length == 2 && (parts[1] == TrackFileParser.FileName || parts[1].Contains('.'))) return parts[0];
        var directory = Path.Combine(_catalog.Root, parts[0], parts[1]);
        var lesson = snapshot.FindTrack(parts[0])?.Lessons.FirstOrDefault(l => l.Directory == directory);
        return lesson?.Key ?? $"{parts[0]}/{parts[1]}";
    }

    /// <summary>Stops watching.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _watcher?.Dispose();
            _timer.Dispose();
        }
    }
}
