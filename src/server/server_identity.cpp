#include "server/server_identity.h"

#include <unistd.h>

#include "util/uuid.h"

namespace asynq::server {

ServerIdentity ServerIdentity::of_this_process() {
    char name[256] = {};
    ServerIdentity identity;
    identity.host = ::gethostname(name, sizeof name - 1) == 0 && name[0] != '\0' ? name : "unknown-host";
    identity.pid = static_cast<int>(::getpid());
    identity.id = util::new_uuid();
    return identity;
}

}  // namespace asynq::server
