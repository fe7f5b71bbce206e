using System.Runtime.CompilerServices;
using KnockSensor.Windowing;

namespace KnockSensor.Tests.Windowing;

public sealed class WindowAccessLayoutTests
{
    [Fact]
    public void An_access_stays_56_bytes_so_window_logs_and_held_logs_do_not_grow()
    {
        // Every open window logs up to 4·ws of these and the knock stage holds a history of window logs: the source
        // port sits in the tail padding after IsAnswer (offset 50), so adding it cost no memory.
        Assert.Equal(56, Unsafe.SizeOf<WindowAccess>());
    }
}
