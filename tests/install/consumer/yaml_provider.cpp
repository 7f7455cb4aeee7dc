// Links the one part of libasynq that needs yaml-cpp, so the install test proves that find_package(asynq) and
// `pkg-config --static asynq` bring yaml-cpp in. Prints how many periodic tasks a file lists.
#include <asynq/asynq.h>

#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: yaml_provider FILE\n";
        return 2;
    }
    try {
        std::cout << asynq::YamlFileConfigProvider(argv[1]).get_configs().size() << "\n";
    } catch (const asynq::Error& e) {
        std::cerr << e.what() << "\n";
        return 1;
    }
}
