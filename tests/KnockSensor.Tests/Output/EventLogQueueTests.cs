using System.Diagnostics;
using System.Text;
using KnockSensor.Output;

// The exe's ASP.NET Core framework also brings System.Diagnostics.EventLog (Windows): here EventLog is ours.
using EventLog = KnockSensor.Output.EventLog;

namespace KnockSensor.Tests.Output;

/// <summary>
/// The file event log's writer thread: nothing lost when it may block, drops counted (and the producer never waits)
/// when the disk stalls, and logrotate's move-then-reopen.
/// </summary>
public sealed class EventLogQueueTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("knocksensor-eventlog-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void A_blocking_log_writes_every_event_in_order()
    {
        var path = Path.Combine(_directory, "events.json");
        using (var log = EventLog.Open(path, EventLogOverflow.Block, queueCapacity: 8))
        {
            for (var i = 0; i < 5000; i++)
            {
                Write(log, i);
            }

            log.Flush();
            Assert.Equal(5000, log.EventsWritten);
            Assert.Equal(0, log.EventsDropped);
        }

        var lines = File.ReadAllLines(path);
        Assert.Equal(5000, lines.Length);
        Assert.All(lines.Select(static (line, i) => (line, i)), static x => Assert.EndsWith($"\"n\":{x.i}}}", x.line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stalled_disk_drops_and_counts_instead_of_blocking_the_producer()
    {
        // A FIFO whose reader does not read yet: the writer thread blocks once the pipe buffer (64 KiB) is full.
        var fifo = Path.Combine(_directory, "events.fifo");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // Opening a FIFO waits for the other end, so the reader opens on another thread.
        var open = Task.Run(() => new FileStream(fifo, FileMode.Open, FileAccess.Read));
        const int Events = 20_000;
        using var log = EventLog.Open(fifo, EventLogOverflow.Drop, queueCapacity: 16);
        using var reader = await open;

        // Every EndEvent returns although nobody reads: the producer never waits on the disk.
        for (var i = 0; i < Events; i++)
        {
            Write(log, i);
        }

        Assert.True(log.EventsDropped > 0, "a stalled writer with a queue of 16 must drop");

        var received = Task.Run(() =>
        {
            using var text = new StreamReader(reader, Encoding.UTF8);
            var count = 0;
            while (text.ReadLine() is not null)
            {
                count++;
            }

            return count;
        });
        log.Dispose();
        var count = await received.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(Events, count + log.EventsDropped);
        Assert.Equal(count, log.EventsWritten);
    }

    [Fact]
    public void Reopen_after_a_move_starts_a_new_file_and_keeps_the_old_one_whole()
    {
        var path = Path.Combine(_directory, "events.json");
        var rotated = path + ".1";
        using (var log = EventLog.Open(path))
        {
            Write(log, 1);
            Write(log, 2);
            log.Flush();
            File.Move(path, rotated);
            Write(log, 3);
            Assert.True(log.Reopen());
            Write(log, 4);
        }

        Assert.Equal(3, File.ReadAllLines(rotated).Length);
        var fresh = Assert.Single(File.ReadAllLines(path));
        Assert.EndsWith("\"n\":4}", fresh, StringComparison.Ordinal);
    }

    [Fact]
    public void Reopen_to_an_unwritable_place_keeps_the_old_file()
    {
        var path = Path.Combine(_directory, "events.json");
        var errors = new List<Exception>();
        using (var log = EventLog.Open(path, onWriteError: e => { lock (errors) { errors.Add(e); } }))
        {
            Write(log, 1);
            log.Reopen(Path.Combine(_directory, "missing", "events.json"));
            Write(log, 2);
            Assert.Equal(path, log.Path);
        }

        Assert.Equal(2, File.ReadAllLines(path).Length);
        Assert.IsType<DirectoryNotFoundException>(Assert.Single(errors));
    }

    private static void Write(EventLog log, int n)
    {
        var json = log.BeginEvent(1_700_000_000_000_000_000L + n, "test");
        json.WriteNumber("n", n);
        log.EndEvent();
    }
}
