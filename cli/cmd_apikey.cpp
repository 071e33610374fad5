// covermap apikey new NAME --file FILE: create an API key for the write endpoints.
#include <sys/stat.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "api/api_keys.hpp"
#include "cli/commands.hpp"
#include "core/error.hpp"

namespace covermap::cli {

void add_apikey_command(CLI::App& app, const global_options&, action& run) {
    auto* apikey = app.add_subcommand("apikey", "Manage API keys for the write endpoints");
    apikey->require_subcommand(1);
    auto name = std::make_shared<std::string>();
    auto file = std::make_shared<std::string>();
    auto provinces = std::make_shared<std::vector<std::string>>();
    auto* create = apikey->add_subcommand(
        "new", "Create a key: its hash is appended to the key file (serve --api-keys), the key printed once");
    create->add_option("NAME", *name, "Who or what uses the key (letters, digits, - _ .)")
        ->required()
        ->check([](const std::string& v) {
            return v.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.") == std::string::npos
                       ? std::string()
                       : std::string("only letters, digits, '-', '_' and '.'");
        });
    create->add_option("--file", *file, "Key file to append to (created with mode 600)")->required();
    create->add_option("--province", *provinces,
                       "Limit the key to a province (top-level unit) code: it may upload or withdraw registries only there; repeatable")
        ->check([](const std::string& v) {
            return !v.empty() && v.find_first_of(" ,#\t") == std::string::npos ? std::string() : std::string("a unit code without spaces or commas");
        });
    create->callback([&run, name, file, provinces] {
        run = [name, file, provinces] {
            const std::string key = api::new_api_key();
            {
                std::ofstream out(*file, std::ios::app);
                if (!out) throw config_error(*file + ": cannot write the key file");
                out << api::api_key_line(*name, key, *provinces) << '\n';
            }
            chmod(file->c_str(), 0600);
            std::cerr << "key '" << *name << "' added to " << *file;
            for (std::size_t i = 0; i < provinces->size(); ++i) std::cerr << (i ? ", " : " for provinces ") << (*provinces)[i];
            std::cerr << "; it is shown once, keep it secret:\n";
            std::cout << key << '\n';
            return 0;
        };
    });
}

}  // namespace covermap::cli
