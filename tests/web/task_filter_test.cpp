#include "web/task_filter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace asynq::web {
namespace {

TaskInfo task(const std::string& id, const std::string& type, const std::string& payload,
              const std::string& last_error = "") {
    TaskInfo info;
    info.id = id;
    info.type = type;
    info.payload = payload;
    info.last_error = last_error;
    return info;
}

// A state of n tasks t0..t(n-1), read page by page as the Inspector does; counts the calls.
struct FakeState {
    std::vector<TaskInfo> tasks;
    int calls = 0;
    std::vector<TaskInfo> operator()(ListOptions o) {
        ++calls;
        std::vector<TaskInfo> page;
        for (std::size_t i = std::size_t(o.page - 1) * o.page_size;
             i < tasks.size() && page.size() < std::size_t(o.page_size); ++i) {
            page.push_back(tasks[i]);
        }
        return page;
    }
};

FakeState state_of(int n) {
    FakeState state;
    for (int i = 0; i < n; ++i) {
        state.tasks.push_back(task("t" + std::to_string(i), i % 2 == 0 ? "email:send" : "image:resize",
                                   "payload " + std::to_string(i), i % 3 == 0 ? "smtp timeout" : ""));
    }
    return state;
}

std::vector<std::string> ids(const std::vector<TaskInfo>& tasks) {
    std::vector<std::string> out;
    for (const auto& t : tasks) out.push_back(t.id);
    return out;
}

TEST(TaskFilterTest, MatchesTypePrefixAndPayloadOrErrorSubstring) {
    const TaskFilter by_type{.type_prefix = "email:", .search = ""};
    EXPECT_TRUE(by_type.matches(task("a", "email:send", "")));
    EXPECT_FALSE(by_type.matches(task("a", "my-email:send", "")));
    const TaskFilter by_text{.type_prefix = "", .search = "bob"};
    EXPECT_TRUE(by_text.matches(task("a", "x", R"({"to":"bob@example.com"})")));
    EXPECT_TRUE(by_text.matches(task("a", "x", "", "no mailbox for bob")));
    EXPECT_FALSE(by_text.matches(task("a", "bob", "alice")));
    const TaskFilter both{.type_prefix = "email", .search = "bob"};
    EXPECT_FALSE(both.matches(task("a", "image", "bob")));
    EXPECT_TRUE(TaskFilter{}.empty());
}

TEST(TaskFilterTest, PagesTheMatchesOfTheWholeState) {
    auto state = state_of(25);
    const TaskFilter filter{.type_prefix = "email:", .search = ""};  // t0, t2, ... t24: 13 matches
    const auto page2 = scan_filtered(std::ref(state), filter, ListOptions{.page = 2, .page_size = 5});
    EXPECT_EQ(ids(page2.tasks), (std::vector<std::string>{"t10", "t12", "t14", "t16", "t18"}));
    EXPECT_EQ(page2.total, 13);
    EXPECT_TRUE(page2.scanned_all);
    const auto page4 = scan_filtered(std::ref(state), filter, ListOptions{.page = 4, .page_size = 5});
    EXPECT_TRUE(page4.tasks.empty());
    EXPECT_EQ(page4.total, 13);
    const auto errors = scan_filtered(std::ref(state), TaskFilter{.type_prefix = "", .search = "smtp"},
                                      ListOptions{.page = 1, .page_size = 100});
    EXPECT_EQ(errors.total, 9);  // t0, t3, ... t24
}

TEST(TaskFilterTest, StopsAtTheCapAndSaysSo) {
    auto state = state_of(30);
    const TaskFilter all_email{.type_prefix = "email", .search = ""};
    const auto capped = scan_filtered(std::ref(state), all_email, ListOptions{.page = 1, .page_size = 100}, 7);
    EXPECT_EQ(ids(capped.tasks), (std::vector<std::string>{"t0", "t2", "t4", "t6"}));  // among t0..t6
    EXPECT_FALSE(capped.scanned_all);

    auto exact = state_of(7);
    const auto whole = scan_filtered(std::ref(exact), all_email, ListOptions{.page = 1, .page_size = 100}, 7);
    EXPECT_EQ(whole.total, 4);
    EXPECT_TRUE(whole.scanned_all);  // the cap is the end of the state

    auto large = state_of(2500);
    const auto pages = scan_filtered(std::ref(large), all_email, ListOptions{.page = 1, .page_size = 1}, 2500);
    EXPECT_EQ(pages.total, 1250);
    EXPECT_TRUE(pages.scanned_all);
}

}  // namespace
}  // namespace asynq::web
