namespace Playground.Terminals.Sessions;

/// <summary>One attached browser connection, as the session sees it: somewhere to queue frames.</summary>
public interface ITerminalClient
{
    /// <summary>Queues a frame; never blocks (flow control bounds how much can be queued).</summary>
    void Enqueue(byte[] frame);

    /// <summary>Asks the connection to close with a code and reason after what is queued.</summary>
    void Close(int code, string reason);
}
