namespace LangfuseLifecycle.Emulation.Health;

/// <summary>
/// A status sequence for one path: each request takes the next status; the last one then repeats.
/// </summary>
internal sealed class ScriptedStatus(int initialStatus)
{
    private readonly Queue<int> _upcoming = new();
    private int _current = initialStatus;

    public int Requests { get; private set; }

    public void Set(int status)
    {
        _upcoming.Clear();
        _current = status;
    }

    public void Script(IEnumerable<int> statuses)
    {
        _upcoming.Clear();
        foreach (var status in statuses)
        {
            _upcoming.Enqueue(status);
        }
    }

    public int Next()
    {
        Requests++;
        if (_upcoming.Count > 0)
        {
            _current = _upcoming.Dequeue();
        }

        return _current;
    }
}
