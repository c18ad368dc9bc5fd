// Shards of a job: the split, the parser and the SHA-256 behind fingerprints (core/base/shard.h).
#include "core/base/errors.h"
#include "core/base/shard.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>

using namespace bdl::core;

TEST(Shard, ParsesOneBasedTextAndRefusesTheRest) {
    const Shard s = parseShard("2/5");
    EXPECT_EQ(s.index, 1);
    EXPECT_EQ(s.count, 5);
    EXPECT_EQ(s.text(), "2/5");
    EXPECT_TRUE(parseShard("1/1").whole());
    for (const char* bad :
         {"0/4", "5/4", "1/0", "a/2", "1/", "/3", "1-4", "", "2/4/1", "-1/4", "1/1000000"}) {
        try {
            parseShard(bad);
            ADD_FAILURE() << "accepted '" << bad << "'";
        } catch (const Error& e) {
            EXPECT_NE(std::string(e.what()).find(std::string("'") + bad + "'"), std::string::npos)
                << e.what();
        }
    }
}

TEST(Shard, BlocksAreContiguousBalancedAndCoverEveryItemOnce) {
    for (int64_t total : {0, 1, 5, 7, 60, 1283})
        for (int64_t n : {1, 2, 3, 4, 8, 61}) {
            int64_t next = 0;
            int64_t smallest = total + 1;
            int64_t largest = -1;
            for (int64_t i = 0; i < n; ++i) {
                const ItemRange r = shardRange(total, Shard{i, n});
                EXPECT_EQ(r.begin, next) << total << " items, shard " << i << " of " << n;
                EXPECT_GE(r.end, r.begin);
                next = r.end;
                smallest = std::min(smallest, r.size());
                largest = std::max(largest, r.size());
            }
            EXPECT_EQ(next, total);
            EXPECT_LE(largest - smallest, 1) << total << " items in " << n << " shards";
        }
    // 5 learning rates in 2 shards: rows 0..1 and 2..4.
    EXPECT_EQ(shardRange(5, Shard{0, 2}).end, 2);
    EXPECT_EQ(shardRange(5, Shard{1, 2}).begin, 2);
    EXPECT_THROW(shardRange(5, Shard{2, 2}), Error);
}

TEST(Shard, Sha256MatchesTheStandardVectors) {
    EXPECT_EQ(sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    // A million 'a's fed in uneven pieces: the block boundary handling.
    Sha256 h;
    const std::string piece(997, 'a');
    size_t fed = 0;
    while (fed + piece.size() <= 1000000) {
        h.update(piece);
        fed += piece.size();
    }
    h.update(std::string(1000000 - fed, 'a'));
    EXPECT_EQ(h.hexDigest(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Shard, FileSha256ReadsTheBytesAndNamesAMissingFile) {
    const std::string path = ::testing::TempDir() + "bdl_shard_sha.txt";
    { std::ofstream(path, std::ios::binary) << "abc"; }
    EXPECT_EQ(fileSha256(path), sha256Hex("abc"));
    std::remove(path.c_str());
    try {
        fileSha256(path);
        ADD_FAILURE() << "read a missing file";
    } catch (const Error& e) {
        EXPECT_EQ(e.source(), path);
    }
}
