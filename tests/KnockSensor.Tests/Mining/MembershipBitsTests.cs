using System.Numerics;
using KnockSensor.Mining;

namespace KnockSensor.Tests.Mining;

/// <summary>The vector paths (Vector256, Vector128, scalar tail) agree with a plain loop at every length; run also with DOTNET_EnableAVX2=0 and DOTNET_EnableHWIntrinsic=0.</summary>
public sealed class MembershipBitsTests
{
    [Fact]
    public void Row_operations_equal_a_plain_loop_at_every_length()
    {
        var random = new Random(13);
        for (var length = 0; length <= 21; length++)
        {
            var a = RandomRow(random, length);
            var b = RandomRow(random, length);
            var c = RandomRow(random, length);
            var destination = new ulong[length];
            MembershipBits.AndInto(destination, a, b);
            int ab = 0, abc = 0, onlyA = 0;
            for (var i = 0; i < length; i++)
            {
                Assert.Equal(a[i] & b[i], destination[i]);
                ab += BitOperations.PopCount(a[i] & b[i]);
                abc += BitOperations.PopCount(a[i] & b[i] & c[i]);
                onlyA += BitOperations.PopCount(a[i]);
            }

            Assert.Equal(ab, MembershipBits.AndPopCount(a, b));
            Assert.Equal(abc, MembershipBits.AndPopCount(a, b, c));
            Assert.Equal(onlyA, MembershipBits.PopCount(a));
        }

        Assert.Throws<ArgumentException>(() => MembershipBits.AndInto(new ulong[3], new ulong[3], new ulong[2]));
    }

    private static ulong[] RandomRow(Random random, int length)
    {
        var row = new ulong[length];
        for (var i = 0; i < length; i++)
        {
            row[i] = (ulong)random.NextInt64() ^ ((ulong)random.Next() << 40);
        }

        return row;
    }
}
